package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/internal/testenv"
)

// startLookout runs the real lookout binary on display with a private
// config and cache, and stops it when the test ends.
func startLookout(t *testing.T, display string, args ...string) *exec.Cmd {
	t.Helper()
	bin := testenv.Binary(t, "LOOKOUT_BIN", "lookout")
	home := t.TempDir()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_STATE_HOME="+filepath.Join(home, "state"),
		"LANG=en_US.UTF-8", "LOOKOUT_CONFIG=")
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("lookout output:\n%s", logs.String())
		}
	})
	return cmd
}

// TestWindowShowsThisMachine opens the real window under X with no
// config file: it maps a window titled Lookout whose screenshot shows the
// host card in a grade colour.
func TestWindowShowsThisMachine(t *testing.T) {
	display := testenv.Display(t)
	startLookout(t, display)
	win := testenv.WaitWindow(t, display, "Lookout", 30*time.Second)
	// Give the first two polls (1 s apart) time to reach the screen.
	time.Sleep(2500 * time.Millisecond)
	img := testenv.Screenshot(t, display, win, filepath.Join(t.TempDir(), "window.png"))
	if n := testenv.Colours(img); n < 20 {
		t.Fatalf("screenshot has %d colours: blank window?", n)
	}
	grades := [][3]uint8{{0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e}, {0xd6, 0x27, 0x28}}
	found := false
	for _, c := range grades {
		if testenv.HasColour(img, c, 6, 200) {
			found = true
		}
	}
	if !found {
		t.Error("no grade colour (blue, orange or red) on screen: the host card did not render")
	}
}

// TestWindowWithBadConfig: a broken config file does not stop the window;
// it opens on defaults.
func TestWindowWithBadConfig(t *testing.T) {
	display := testenv.Display(t)
	cfg := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(cfg, []byte("intervall = \"5s\"\n"), 0o600)
	cmd := startLookout(t, display, "--config", cfg)
	testenv.WaitWindow(t, display, "Lookout", 30*time.Second)
	if cmd.ProcessState != nil {
		t.Fatal("lookout exited")
	}
}
