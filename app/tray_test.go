package app

import (
	"strings"
	"testing"
	"time"

	"lookout/internal/desktoptest"
	"lookout/internal/testenv"
)

// waitMenu polls the tray menu until an entry's label contains label.
func waitMenu(t *testing.T, w *desktoptest.Watcher, it desktoptest.Item, label string) desktoptest.MenuEntry {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		menu := w.Menu(t, it)
		if e, ok := desktoptest.Find(menu, label); ok {
			return e
		}
		if time.Now().After(deadline) {
			t.Fatalf("no tray menu entry %q in %+v", label, menu)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestTray runs the real binary against a StatusNotifierWatcher on a real
// session bus, reads the tray item as a desktop panel does, and clicks
// its menu through com.canonical.dbusmenu.
func TestTray(t *testing.T) {
	desktoptest.SessionBus(t)
	display := testenv.Display(t)
	w := desktoptest.StartWatcher(t)
	cmd := startLookout(t, display)
	it := w.WaitItem(t, 30*time.Second)
	testenv.WaitWindow(t, display, "Lookout", 30*time.Second)

	props := w.Properties(t, it)
	if iw, ih, argb := desktoptest.IconPixmap(props); iw != 64 || ih != 64 || len(argb) != 64*64*4 {
		t.Errorf("tray icon %dx%d with %d bytes, want a 64x64 ARGB pixmap", iw, ih, len(argb))
	}
	// The tooltip names the worst host and why, or says all is well.
	deadline := time.Now().Add(10 * time.Second)
	for {
		tip, _ := desktoptest.ToolTip(w.Properties(t, it))
		if strings.Contains(tip, "Lookout: all hosts ok") || strings.Contains(tip, ": ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("tooltip %q", tip)
		}
		time.Sleep(100 * time.Millisecond)
	}

	waitMenu(t, w, it, "Open Lookout")
	pause := waitMenu(t, w, it, "Pause polling")
	w.Click(t, it, pause.ID)
	waitMenu(t, w, it, "Resume polling")

	quit := waitMenu(t, w, it, "Quit")
	w.Click(t, it, quit.ID)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("lookout exited with %v after Quit", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Quit from the tray did not end lookout")
	}
}
