package alertmanager

import (
	"context"
	"testing"
	"time"

	"lookout/internal/amapi"
	"lookout/internal/promtest"
	"lookout/notifier"
)

// Against Debian's prometheus-alertmanager: Lookout's alert fires there
// (the webhook receiver hears it after group_wait, with its labels and
// annotations), a refresh moves its endsAt on, and the resolution
// reaches the receiver as resolved.
func TestRealAlertmanager(t *testing.T) {
	rcv := promtest.NewReceiver(t)
	url := promtest.Alertmanager(t, rcv, time.Second)
	ch := newChannel(t, url, "", nil)
	ctx := context.Background()
	a := diskAlert()
	a.Start = time.Now().Add(-time.Minute)
	a.At = time.Now()
	if _, err := ch.Send(ctx, &notifier.Message{Kind: notifier.KindAlert, Alerts: []notifier.Alert{a}}); err != nil {
		t.Fatal(err)
	}
	n := rcv.Wait(t, 30*time.Second, "the firing disk alert", func(n promtest.Notification) bool {
		return n.Status == "firing" && len(n.Alerts) == 1 && n.Alerts[0].Labels["mount"] == "/data"
	})
	got := n.Alerts[0]
	if got.Labels["alertname"] != "disk" || got.Labels["host"] != "web1" || got.Labels["severity"] != "warning" || got.Labels["team"] != "ops" {
		t.Errorf("labels %v", got.Labels)
	}
	if got.Annotations["summary"] == "" || got.Annotations["description"] == "" {
		t.Errorf("annotations %v", got.Annotations)
	}
	if !got.StartsAt.Equal(a.Start.Truncate(time.Millisecond)) && got.StartsAt.Sub(a.Start).Abs() > time.Millisecond {
		t.Errorf("startsAt %s, want %s", got.StartsAt, a.Start)
	}

	api, _ := amapi.New(amapi.Options{URL: url})
	endsAt := func() time.Time {
		as, err := api.Alerts(ctx, true, true)
		if err != nil || len(as) != 1 {
			t.Fatalf("alerts %+v, %v", as, err)
		}
		return as[0].EndsAt
	}
	before := endsAt()
	later := time.Now().Add(time.Minute)
	ch.cfg.Now = func() time.Time { return later }
	if err := ch.Refresh(ctx, []notifier.Alert{a}); err != nil {
		t.Fatal(err)
	}
	if after := endsAt(); !after.After(before) {
		t.Errorf("a refresh left endsAt at %s (was %s)", after, before)
	}
	ch.cfg.Now = time.Now

	r := a
	r.Resolved, r.At = true, time.Now()
	if _, err := ch.Send(ctx, &notifier.Message{Kind: notifier.KindAlert, Alerts: []notifier.Alert{r}}); err != nil {
		t.Fatal(err)
	}
	rcv.Wait(t, 30*time.Second, "the resolution", func(n promtest.Notification) bool {
		return n.Status == "resolved" && len(n.Alerts) == 1 && n.Alerts[0].Labels["mount"] == "/data"
	})
}
