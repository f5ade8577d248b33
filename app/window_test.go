package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"lookout/internal/desktoptest"
	"lookout/internal/testenv"
)

// startLookout runs the real lookout binary on display with a private
// config and cache, and stops it when the test ends.
func startLookout(t *testing.T, display string, args ...string) *exec.Cmd {
	t.Helper()
	return startLookoutIn(t, display, t.TempDir(), args...)
}

// startLookoutIn is startLookout with home as $HOME (and its XDG
// directories below it), so that a second run finds the first one's
// preferences.
func startLookoutIn(t *testing.T, display, home string, args ...string) *exec.Cmd {
	t.Helper()
	bin := testenv.Binary(t, "LOOKOUT_BIN", "lookout")
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

// TestWindowPositionRemembered: a window moved on X is back at the same
// place when Lookout next starts, shown at once or later from the tray.
// Xvfb runs no window manager, so positions are exact.
func TestWindowPositionRemembered(t *testing.T) {
	desktoptest.SessionBus(t)
	display := testenv.Display(t)
	w := desktoptest.StartWatcher(t)
	x := xConn(t, display)
	home := t.TempDir()
	const wantX, wantY = 137, 91

	// First run: the window opens where the (absent) window manager puts
	// it; move it, then quit from the tray.
	cmd := startLookoutIn(t, display, home)
	it := nextItem(t, w, "")
	win := lookoutWindow(t, display)
	if err := xproto.ConfigureWindowChecked(x, win, xproto.ConfigWindowX|xproto.ConfigWindowY,
		[]uint32{wantX, wantY}).Check(); err != nil {
		t.Fatal(err)
	}
	waitPos(t, x, win, wantX, wantY, "after the move")
	quitFromTray(t, w, it, cmd)
	waitGone(t, x, win)

	// Second run: the window opens where it was left.
	cmd = startLookoutIn(t, display, home)
	it = nextItem(t, w, it.Bus)
	win = lookoutWindow(t, display)
	waitPos(t, x, win, wantX, wantY, "at the second start")
	quitFromTray(t, w, it, cmd)
	waitGone(t, x, win)

	// Third run, in the tray: "Open Lookout" shows the window there too.
	cmd = startLookoutIn(t, display, home, "window", "--hidden")
	it = nextItem(t, w, it.Bus)
	open := waitMenu(t, w, it, "Open Lookout")
	w.Click(t, it, open.ID)
	win = lookoutWindow(t, display)
	waitPos(t, x, win, wantX, wantY, "when opened from the tray")

	// Moved again and ended by SIGTERM (as at logout), which Fyne answers
	// by stopping its loop at once: the place taken while the window was
	// shown is kept all the same.
	const movedX, movedY = 301, 203
	if err := xproto.ConfigureWindowChecked(x, win, xproto.ConfigWindowX|xproto.ConfigWindowY,
		[]uint32{movedX, movedY}).Check(); err != nil {
		t.Fatal(err)
	}
	waitPos(t, x, win, movedX, movedY, "after the second move")
	time.Sleep(geometryEvery + 2*time.Second)
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not end lookout")
	}
	waitGone(t, x, win)
	cmd = startLookoutIn(t, display, home)
	it = nextItem(t, w, it.Bus)
	win = lookoutWindow(t, display)
	waitPos(t, x, win, movedX, movedY, "after SIGTERM")
	quitFromTray(t, w, it, cmd)
}

// xConn connects the test to the X display.
func xConn(t *testing.T, display string) *xgb.Conn {
	t.Helper()
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		t.Fatalf("X connection to %s: %v", display, err)
	}
	t.Cleanup(c.Close)
	return c
}

// lookoutWindow waits for the window titled Lookout.
func lookoutWindow(t *testing.T, display string) xproto.Window {
	t.Helper()
	id := testenv.WaitWindow(t, display, "Lookout", 30*time.Second)
	n, err := strconv.ParseUint(id, 0, 32)
	if err != nil {
		t.Fatalf("window id %q: %v", id, err)
	}
	return xproto.Window(n)
}

// waitGone waits until the X server has destroyed win, so that the next
// run's window (which may well get the same id) is not taken for it.
func waitGone(t *testing.T, c *xgb.Conn, win xproto.Window) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := xproto.GetGeometry(c, xproto.Drawable(win)).Reply(); err != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("window %#x still exists after Lookout exited", win)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitPos waits until win's top-left corner is at (wantX, wantY) on the
// root window.
func waitPos(t *testing.T, c *xgb.Conn, win xproto.Window, wantX, wantY int, when string) {
	t.Helper()
	root := xproto.Setup(c).DefaultScreen(c).Root
	deadline := time.Now().Add(10 * time.Second)
	for {
		at, err := xproto.TranslateCoordinates(c, win, root, 0, 0).Reply()
		if err != nil {
			t.Fatalf("window position %s: %v", when, err)
		}
		if int(at.DstX) == wantX && int(at.DstY) == wantY {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("window at %d,%d %s, want %d,%d", at.DstX, at.DstY, when, wantX, wantY)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// nextItem waits for a tray item registered by a connection other than
// notBus (the previous run's).
func nextItem(t *testing.T, w *desktoptest.Watcher, notBus string) desktoptest.Item {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		it := w.WaitItem(t, time.Until(deadline))
		if it.Bus != notBus {
			return it
		}
	}
}

// quitFromTray clicks the tray's Quit and waits for Lookout to exit.
func quitFromTray(t *testing.T, w *desktoptest.Watcher, it desktoptest.Item, cmd *exec.Cmd) {
	t.Helper()
	quit := waitMenu(t, w, it, "Quit")
	w.Click(t, it, quit.ID)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("lookout exited with %v after Quit", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Quit from the tray did not end lookout")
	}
}
