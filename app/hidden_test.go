package app

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"lookout/internal/desktoptest"
	"lookout/internal/fakeagent"
	"lookout/internal/testenv"
)

// Colours the test looks for on screen: the grades' blue (a calm figure,
// an ok host), orange (the 40 % disk, there whatever the CPU) and red (a
// figure at or above 80 %, a critical host).
var (
	shownBlue   = [3]uint8{0x1f, 0x77, 0xb4}
	shownOrange = [3]uint8{0xff, 0x7f, 0x0e}
	shownRed    = [3]uint8{0xd6, 0x27, 0x28}
)

// TestHiddenToTrayAndBackFollowsHost drives the real binary under Xvfb and
// a real session bus: the window shows an agent host at 10 % CPU (blue, no
// red anywhere); closing it hides it to the tray; while hidden the host's
// CPU goes to 97 % and the tray's tooltip follows; "Open Lookout" in the
// tray menu brings the window back, and its first frame that shows the
// card already shows the new figure (the CPU bar and the critical host's
// stripe in red): the window caught up with what came while it was
// hidden rather than waiting for the next poll (polls are 3 s apart).
//
// The observable is the window's screenshot, as TestWindowShowsThisMachine
// uses: with no OCR here, the grade colours are what tells a value on
// screen, and one host with calm memory (30 %) and disk (40 %, orange)
// leaves red to the CPU alone.
func TestHiddenToTrayAndBackFollowsHost(t *testing.T) {
	desktoptest.SessionBus(t)
	display := testenv.Display(t)
	w := desktoptest.StartWatcher(t)
	x := xConn(t, display)
	agent := fakeagent.New(t, "tok-web1", 10)
	cfg := filepath.Join(t.TempDir(), "lookout.toml")
	doc := fmt.Sprintf(`
interval = "3s"

[rules]
sustain = 1

[rules.cpu]
warning = 80
critical = 90

[[hosts]]
name = "web1"
agent = %q
token = "tok-web1"
`, agent.URL())
	if err := os.WriteFile(cfg, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	startLookout(t, display, "--config", cfg)
	it := w.WaitItem(t, 30*time.Second)
	id := testenv.WaitWindow(t, display, "Lookout", 30*time.Second)
	win := lookoutWindow(t, display)
	shots := t.TempDir()

	// Shown: the host at 10 %: blue, and no red.
	img := waitScreen(t, display, id, shots, "blue", func(img image.Image) bool {
		return testenv.HasColour(img, shownBlue, 6, 200) && testenv.HasColour(img, shownOrange, 6, 200) && agent.Served() >= 2
	})
	if testenv.HasColour(img, shownRed, 6, 200) {
		t.Fatal("red on screen with the host at 10 % CPU")
	}

	// Closed as a window manager closes it: hidden, still in the tray.
	closeX(t, x, win)
	waitMapState(t, x, win, xproto.MapStateUnmapped, "after closing")

	agent.SetCPU(97)
	served := agent.Served()
	deadline := time.Now().Add(20 * time.Second)
	for {
		tip, _ := desktoptest.ToolTip(w.Properties(t, it))
		if strings.Contains(tip, "web1") && strings.Contains(tip, "CPU") && agent.Served() > served {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("tooltip %q while hidden after %d polls, want web1's CPU", tip, agent.Served()-served)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if attrs, err := xproto.GetWindowAttributes(x, win).Reply(); err != nil || attrs.MapState != xproto.MapStateUnmapped {
		t.Fatalf("window mapped again while hidden (%v)", err)
	}

	open := waitMenu(t, w, it, "Open Lookout")
	w.Click(t, it, open.ID)
	waitMapState(t, x, win, xproto.MapStateViewable, "after Open Lookout")
	img = waitScreen(t, display, id, shots, "card", func(img image.Image) bool {
		return testenv.HasColour(img, shownOrange, 6, 200)
	})
	if !testenv.HasColour(img, shownRed, 6, 200) {
		t.Fatalf("reopened, the window shows the host as it was before hiding: no red at 97 %% CPU (screenshots in %s)", shots)
	}
}

// waitScreen takes screenshots of window id until ok accepts one.
func waitScreen(t *testing.T, display, id, dir, what string, ok func(image.Image) bool) image.Image {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for i := 0; ; i++ {
		img := testenv.Screenshot(t, display, id, filepath.Join(dir, fmt.Sprintf("%s-%d.png", what, i)))
		if ok(img) {
			return img
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %s (screenshots in %s)", what, dir)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// closeX asks win to close as a window manager's close button does: a
// WM_DELETE_WINDOW client message.
func closeX(t *testing.T, c *xgb.Conn, win xproto.Window) {
	t.Helper()
	atom := func(name string) xproto.Atom {
		r, err := xproto.InternAtom(c, false, uint16(len(name)), name).Reply()
		if err != nil {
			t.Fatalf("atom %s: %v", name, err)
		}
		return r.Atom
	}
	ev := xproto.ClientMessageEvent{Format: 32, Window: win, Type: atom("WM_PROTOCOLS"),
		Data: xproto.ClientMessageDataUnionData32New([]uint32{uint32(atom("WM_DELETE_WINDOW")), uint32(xproto.TimeCurrentTime), 0, 0, 0})}
	if err := xproto.SendEventChecked(c, false, win, xproto.EventMaskNoEvent, string(ev.Bytes())).Check(); err != nil {
		t.Fatalf("WM_DELETE_WINDOW: %v", err)
	}
}

// waitMapState waits until win's map state is want.
func waitMapState(t *testing.T, c *xgb.Conn, win xproto.Window, want byte, when string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		attrs, err := xproto.GetWindowAttributes(c, win).Reply()
		if err != nil {
			t.Fatalf("window attributes %s: %v", when, err)
		}
		if attrs.MapState == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("window map state %d %s, want %d", attrs.MapState, when, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
