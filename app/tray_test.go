package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"lookout/assets"
	"lookout/internal/desktoptest"
	"lookout/internal/fake"
	"lookout/internal/fakeagent"
	"lookout/internal/i18n"
	"lookout/internal/testenv"
	"lookout/views"
)

// waitMenu polls the tray menu until an entry's label contains label.
// sameLabels reports whether two menus show the same entries.
func sameLabels(a, b []desktoptest.MenuEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Label != b[i].Label {
			return false
		}
	}
	return true
}

func waitMenu(t *testing.T, w *desktoptest.Watcher, it desktoptest.Item, label string) desktoptest.MenuEntry {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
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

// TestTrayLook: the icon and title follow the worst host, polling paused
// shows the pause icon and says so, and a snooze is named.
func TestTrayLook(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.Local)
	crit := views.Summary{Severity: views.SeverityCritical, Host: "web1", Reason: "CPU 97.0 %"}
	tests := []struct {
		name     string
		sum      views.Summary
		paused   bool
		snoozed  time.Time
		lang     i18n.Lang
		wantIcon fyne.Resource
		wantTip  string
	}{
		{name: "all ok", wantIcon: assets.TrayOK, wantTip: "Lookout: all hosts ok"},
		{name: "critical", sum: crit, wantIcon: assets.TrayCritical, wantTip: "web1: CPU 97.0 %"},
		{name: "paused", paused: true, wantIcon: assets.TrayPaused, wantTip: "Lookout: polling paused"},
		{name: "paused with a host in trouble", sum: crit, paused: true, wantIcon: assets.TrayPaused,
			wantTip: "Lookout: polling paused · web1: CPU 97.0 %"},
		{name: "paused in Chinese", paused: true, lang: i18n.ZH, wantIcon: assets.TrayPaused, wantTip: "Lookout：采集已暂停"},
		{name: "critical in Chinese", sum: views.Summary{Severity: views.SeverityCritical, Host: "web1", Reason: "CPU 97.0 %"}, lang: i18n.ZH,
			wantIcon: assets.TrayCritical, wantTip: "web1：CPU 97.0 %"},
		{name: "every host paused", sum: views.Summary{Severity: views.SeverityPaused, Host: "web1", Reason: "paused"},
			wantIcon: assets.TrayPaused, wantTip: "web1: paused"},
		{name: "silenced", sum: views.Summary{Severity: views.SeveritySilenced, Host: "web1", Reason: "CPU 97.0 %"},
			wantIcon: assets.TraySilenced, wantTip: "web1: CPU 97.0 %"},
		{name: "snoozed", sum: crit, snoozed: now.Add(15 * time.Minute), wantIcon: assets.TrayCritical,
			wantTip: "web1: CPU 97.0 % · alerts snoozed until 10:15"},
		{name: "snooze over", sum: crit, snoozed: now.Add(-time.Minute), wantIcon: assets.TrayCritical, wantTip: "web1: CPU 97.0 %"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang := tt.lang
			if lang == "" {
				lang = i18n.EN
			}
			icon, tip := trayLook(tt.sum, tt.paused, tt.snoozed, now, lang)
			if icon != tt.wantIcon {
				t.Errorf("icon %s, want %s", icon.Name(), tt.wantIcon.Name())
			}
			if tip != tt.wantTip {
				t.Errorf("title %q, want %q", tip, tt.wantTip)
			}
		})
	}
}

// TestTrayMenuStableWhilePolling runs the real binary hidden in the tray
// with one agent host at 97 % CPU (critical): over several polls the
// dbusmenu layout revision stays where it is (only the tooltip carries
// live values), the menu names the host and never its URL; pausing
// polling rebuilds the menu once, changes the icon and says so in the
// tooltip.
func TestTrayMenuStableWhilePolling(t *testing.T) {
	desktoptest.SessionBus(t)
	display := testenv.Display(t)
	w := desktoptest.StartWatcher(t)
	agent := fakeagent.New(t, "tok-web1", 97)
	cfg := filepath.Join(t.TempDir(), "lookout.toml")
	doc := fmt.Sprintf(`
interval = "1s"

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
	startLookout(t, display, "--config", cfg, "window", "--hidden")
	it := w.WaitItem(t, 30*time.Second)
	waitMenu(t, w, it, "web1: critical")

	menu, rev := w.MenuRevision(t, it)
	_, _, icon := desktoptest.IconPixmap(w.Properties(t, it))
	served := agent.Served()
	// Fyne exports the menu once more when its tray has registered
	// (systray's onReady), which a loaded machine may delay past the
	// first polls: one re-export with the same labels is Fyne's, more
	// would be Lookout rebuilding it while polling.
	reexported := false
	for agent.Served() < served+5 {
		time.Sleep(100 * time.Millisecond)
		m, r := w.MenuRevision(t, it)
		if r == rev {
			continue
		}
		if !reexported && sameLabels(m, menu) {
			reexported, menu, rev = true, m, r
			continue
		}
		t.Fatalf("menu revision rose from %d to %d without a state change (polls %d→%d):\n%+v\n%+v",
			rev, r, served, agent.Served(), menu, m)
	}
	for _, e := range menu {
		if strings.Contains(e.Label, "http") || strings.Contains(e.Label, "127.0.0.1") {
			t.Errorf("menu entry %q shows a URL", e.Label)
		}
	}
	if tip, _ := desktoptest.ToolTip(w.Properties(t, it)); !strings.Contains(tip, "web1") || !strings.Contains(tip, "CPU") {
		t.Errorf("tooltip %q does not name the host and its figure", tip)
	}

	pause, _ := desktoptest.Find(menu, "Pause polling")
	w.Click(t, it, pause.ID)
	waitMenu(t, w, it, "Resume polling")
	_, paused := w.MenuRevision(t, it)
	if paused == rev {
		t.Error("menu revision unchanged after pausing")
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		props := w.Properties(t, it)
		tip, _ := desktoptest.ToolTip(props)
		_, _, now := desktoptest.IconPixmap(props)
		if strings.Contains(tip, "polling paused") && !bytes.Equal(now, icon) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after pausing: tooltip %q, icon changed %v", tip, !bytes.Equal(now, icon))
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Paused, nothing changes: the revision stays put too.
	time.Sleep(2 * time.Second)
	if _, r := w.MenuRevision(t, it); r != paused {
		t.Errorf("menu revision rose from %d to %d while paused", paused, r)
	}
}
