package runtime

import (
	"context"
	"testing"
	"time"

	"lookout/config"
	"lookout/internal/amapi"
	"lookout/internal/promtest"
)

func TestSourceSeverity(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"critical", "critical", "critical"}, {"page", "page", "critical"}, {"warning", "warning", "warning"},
		{"none given", "", "warning"}, {"info", "info", "info"}, {"upper case", "CRITICAL", "critical"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sourceSeverity(tt.in); got != tt.want {
				t.Errorf("sourceSeverity(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Against Debian's prometheus-alertmanager: an alert of Alertmanager's
// own (posted by someone else) appears among the source's alerts; a
// silence made from Lookout suppresses it, so the receiver never hears of
// it while an alert posted after it is notified; Clear expires that
// silence; Snooze silences what is active and Resume ends it.
func TestSourceAgainstRealAlertmanager(t *testing.T) {
	rcv := promtest.NewReceiver(t)
	url := promtest.Alertmanager(t, rcv, 2*time.Second)
	ctx := context.Background()
	api, err := amapi.New(amapi.Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	post := func(name, host string) {
		t.Helper()
		err := api.PostAlerts(ctx, []amapi.Alert{{Labels: map[string]string{"alertname": name, "instance": host + ":9100", "severity": "critical"},
			Annotations: map[string]string{"summary": name + " on " + host}, StartsAt: time.Now()}})
		if err != nil {
			t.Fatal(err)
		}
	}
	post("NodeDown", "db1")

	cfg := config.Default()
	cfg.Sources = []config.Source{{Name: "team-am", Type: "alertmanager", URL: url, Interval: config.Duration(time.Hour)}}
	changed := make(chan struct{}, 10)
	src, err := NewSources(cfg, nil, func() { changed <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	src.Refresh(ctx)
	as := src.Alerts()
	if len(as) != 1 {
		t.Fatalf("source alerts %+v, want NodeDown", as)
	}
	a := as[0]
	if a.Source != "team-am" || a.Name != "NodeDown" || a.Host != "db1:9100" || a.Severity != "critical" || a.Summary != "NodeDown on db1" || a.Silenced() {
		t.Errorf("alert %+v", a)
	}

	id, err := src.Silence(ctx, "team-am", a.Fingerprint, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if as := src.Alerts(); len(as) != 1 || len(as[0].SilencedBy) != 1 || as[0].SilencedBy[0] != id {
		t.Fatalf("after the silence: %+v, want silenced by %s", as, id)
	}
	post("DiskFull", "web1")
	rcv.Wait(t, 30*time.Second, "DiskFull, posted after the silence", func(n promtest.Notification) bool {
		return len(n.Alerts) > 0 && n.Alerts[0].Labels["alertname"] == "DiskFull"
	})
	for _, n := range rcv.Got() {
		for _, al := range n.Alerts {
			if al.Labels["alertname"] == "NodeDown" {
				t.Errorf("the silenced alert reached the receiver: %+v", n)
			}
		}
	}

	if err := src.Clear(ctx, "team-am", a.Fingerprint); err != nil {
		t.Fatal(err)
	}
	for _, x := range src.Alerts() {
		if x.Silenced() {
			t.Errorf("after Clear %s is still silenced by %v", x.Name, x.SilencedBy)
		}
	}

	n, err := src.Snooze(ctx, time.Hour)
	if err != nil || n != 2 {
		t.Fatalf("snooze made %d silences, %v; want 2", n, err)
	}
	for _, x := range src.Alerts() {
		if !x.Silenced() {
			t.Errorf("after Snooze %s is not silenced", x.Name)
		}
	}
	if err := src.Resume(ctx); err != nil {
		t.Fatal(err)
	}
	for _, x := range src.Alerts() {
		if x.Silenced() {
			t.Errorf("after Resume %s is still silenced", x.Name)
		}
	}
}

func TestUnreachableSourceIsShown(t *testing.T) {
	cfg := config.Default()
	cfg.Sources = []config.Source{{Name: "gone", Type: "alertmanager", URL: "http://127.0.0.1:1"}}
	src, err := NewSources(cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	src.Refresh(context.Background())
	as := src.Alerts()
	if len(as) != 1 || as[0].Err == "" || as[0].Source != "gone" {
		t.Fatalf("alerts %+v, want one entry saying the source cannot be read", as)
	}
}
