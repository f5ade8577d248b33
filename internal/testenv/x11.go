package testenv

import (
	"bufio"
	"image"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Display returns an X display for the test: $DISPLAY when set (make test
// runs under xvfb-run), or a fresh Xvfb started for the test and stopped
// when it ends.
func Display(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("DISPLAY"); d != "" {
		return d
	}
	xvfb := Require(t, "Xvfb")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(xvfb, "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb did not say its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// WaitWindow waits until a top-level window whose name contains title is
// mapped on display, and returns its id as xwininfo prints it.
func WaitWindow(t testing.TB, display, title string, timeout time.Duration) string {
	t.Helper()
	xwininfo := Require(t, "xwininfo")
	deadline := time.Now().Add(timeout)
	for {
		out, _ := exec.Command(xwininfo, "-display", display, "-root", "-tree").Output()
		for _, l := range strings.Split(string(out), "\n") {
			if strings.Contains(l, `"`+title) {
				return strings.Fields(l)[0]
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window %q on %s after %v:\n%s", title, display, timeout, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Screenshot grabs the window (or "root") as an image with ImageMagick's
// import, and saves a copy to path when path is not empty.
func Screenshot(t testing.TB, display, window, path string) image.Image {
	t.Helper()
	imp := Require(t, "import")
	f, err := os.CreateTemp("", "shot-*.png")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	defer os.Remove(f.Name())
	if out, err := exec.Command(imp, "-display", display, "-window", window, f.Name()).CombinedOutput(); err != nil {
		t.Fatalf("import: %v: %s", err, out)
	}
	b, _ := os.ReadFile(f.Name())
	if path != "" {
		os.WriteFile(path, b, 0o644)
	}
	r, _ := os.Open(f.Name())
	defer r.Close()
	img, err := png.Decode(r)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return img
}

// Colours counts the distinct colours of img (sampling every other pixel),
// a cheap test that a screenshot is not blank.
func Colours(img image.Image) int {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
		}
	}
	return len(seen)
}

// Binary returns the path of a lookout binary for end-to-end tests:
// $envVar when set (make test builds once), otherwise one built from pkg
// into a temporary directory.
func Binary(t testing.TB, envVar, pkg string) string {
	t.Helper()
	if p := os.Getenv(envVar); p != "" {
		return p
	}
	out := t.TempDir() + "/bin"
	cmd := exec.Command("go", "build", "-o", out, pkg)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// HasColour reports whether img has at least n pixels within tol of c.
func HasColour(img image.Image, c [3]uint8, tol int, n int) bool {
	b := img.Bounds()
	count := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if abs(int(r>>8)-int(c[0])) <= tol && abs(int(g>>8)-int(c[1])) <= tol && abs(int(bl>>8)-int(c[2])) <= tol {
				count++
				if count >= n {
					return true
				}
			}
		}
	}
	return false
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
