package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/internal/desktoptest"
	"lookout/internal/fake"
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

// TestTrayReportAndAlertNotifications: "Send report to group" clicked in
// the tray menu makes a report reach a (strict, fake) WeCom robot and its
// result come back as a desktop notification; an alert raised by the
// rules produces an org.freedesktop.Notifications.Notify call.
func TestTrayReportAndAlertNotifications(t *testing.T) {
	desktoptest.SessionBus(t)
	display := testenv.Display(t)
	w := desktoptest.StartWatcher(t)
	notes := desktoptest.StartNotifications(t)
	wecom := fake.NewWeCom(t, "test-key")
	cfg := filepath.Join(t.TempDir(), "lookout.toml")
	doc := `
interval = "1s"

[rules]
sustain = 1
hysteresis = 0.1

[rules.mem]
warning = 0.5
critical = 99.9

[[hosts]]
name = "this-machine"
local = true

[[channels]]
name = "ops-wecom"
type = "wecom"
webhook = "` + wecom.Webhook() + `"

[[channels]]
name = "desktop"
type = "desktop"
reports = false
`
	if err := os.WriteFile(cfg, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	startLookout(t, display, "--config", cfg)
	it := w.WaitItem(t, 30*time.Second)

	// The memory rule fires at once: a desktop notification names the host.
	notes.Wait(t, 30*time.Second, func(n desktoptest.Notification) bool {
		return strings.Contains(n.Summary+n.Body, "this-machine")
	})

	send := waitMenu(t, w, it, "Send report to group")
	w.Click(t, it, send.ID)
	deadline := time.Now().Add(30 * time.Second)
	for {
		found := false
		for _, m := range wecom.Got() {
			if m.Type == "markdown" && strings.Contains(m.Content, "this-machine") && strings.Contains(strings.ToLower(m.Content), "report") {
				found = true
			}
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no report reached WeCom; got %+v; violations %v", wecom.Got(), wecom.Violations())
		}
		time.Sleep(100 * time.Millisecond)
	}
	notes.Wait(t, 30*time.Second, func(n desktoptest.Notification) bool {
		return strings.Contains(n.Body, "Report sent to ops-wecom")
	})
	if v := wecom.Violations(); len(v) > 0 {
		t.Errorf("contract violations: %v", v)
	}
}
