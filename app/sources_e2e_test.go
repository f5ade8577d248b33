package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/internal/amapi"
	"lookout/internal/desktoptest"
	"lookout/internal/promtest"
	"lookout/internal/testenv"
)

// The real window with a [[sources]] Alertmanager (Debian's
// prometheus-alertmanager): an alert of the Alertmanager's own shows in
// the tray's tooltip, named with its source, while the one local host
// has no alert of its own; the tray's "Snooze alerts 15 min" makes an
// Alertmanager silence that suppresses it there (and the tray stops
// counting it); "Resume alerts" expires that silence.
func TestWindowWatchesAlertmanager(t *testing.T) {
	desktoptest.SessionBus(t)
	display := testenv.Display(t)
	w := desktoptest.StartWatcher(t)
	rcv := promtest.NewReceiver(t)
	am := promtest.Alertmanager(t, rcv, time.Second)
	api, err := amapi.New(amapi.Options{URL: am})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := api.PostAlerts(ctx, []amapi.Alert{{Labels: map[string]string{"alertname": "NodeDown", "instance": "db1:9100", "severity": "critical"},
		Annotations: map[string]string{"summary": "db1 is down"}, StartsAt: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "lookout.toml")
	doc := fmt.Sprintf(`
interval = "2s"
[rules.cpu]
enabled = false
[rules.mem]
enabled = false
[rules.swap]
enabled = false
[rules.disk]
enabled = false
[rules.load_per_core]
enabled = false
[rules.temp]
enabled = false
[[hosts]]
name = "box"
local = true
[[sources]]
name = "team-am"
type = "alertmanager"
url = %q
interval = "1s"
`, am)
	if err := os.WriteFile(cfg, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	startLookout(t, display, "--config", cfg)
	it := w.WaitItem(t, 30*time.Second)
	waitTip := func(what string, ok func(string) bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			tip, _ := desktoptest.ToolTip(w.Properties(t, it))
			if ok(tip) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("tooltip %q, want %s", tip, what)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitTip("the Alertmanager's alert", func(tip string) bool {
		return strings.Contains(tip, "team-am") && strings.Contains(tip, "db1:9100") && strings.Contains(tip, "NodeDown")
	})

	snooze := waitMenu(t, w, it, "Snooze alerts 15 min")
	w.Click(t, it, snooze.ID)
	suppressed := func() []string {
		as, err := api.Alerts(ctx, true, true)
		if err != nil || len(as) != 1 {
			t.Fatalf("alerts %+v, %v", as, err)
		}
		return as[0].Status.SilencedBy
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(suppressed()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the tray's Snooze made no silence in Alertmanager")
		}
		time.Sleep(100 * time.Millisecond)
	}
	ids := suppressed()
	ss, err := api.Silences(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.ID == ids[0] && (s.CreatedBy != "lookout" || s.EndsAt.Sub(s.StartsAt) < 14*time.Minute || s.EndsAt.Sub(s.StartsAt) > 16*time.Minute) {
			t.Errorf("silence %+v, want one by lookout for 15 min", s)
		}
	}
	waitTip("the silenced alert no longer counted", func(tip string) bool { return !strings.Contains(tip, "team-am") })

	resume := waitMenu(t, w, it, "Resume alerts")
	w.Click(t, it, resume.ID)
	deadline = time.Now().Add(30 * time.Second)
	for len(suppressed()) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("Resume left the Alertmanager silence in force")
		}
		time.Sleep(100 * time.Millisecond)
	}
	waitTip("the alert counted again", func(tip string) bool { return strings.Contains(tip, "team-am") })
}
