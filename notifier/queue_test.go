package notifier_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"lookout/notifier"
	"lookout/notifier/outbox"
)

// TestQueueBoundedAndCriticalFirst: while Lookout was closed (or the
// service down) a channel's queue filled with stale messages. When
// delivery resumes, stale and superseded messages go to the dead letters
// with the reason, the queue is cut to its cap, and the critical alert
// goes first.
func TestQueueBoundedAndCriticalFirst(t *testing.T) {
	dir := t.TempDir()
	ob, err := outbox.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{name: "chat"}
	// The messages were queued in the past, by an earlier run.
	now := time.Now()
	clk := newFakeClock()
	d0, err := notifier.NewDispatcher(notifier.Options{Outbox: ob, Clock: clk}, notifier.Target{Channel: rec})
	if err != nil {
		t.Fatal(err)
	}
	put := func(title string, age time.Duration, alerts ...notifier.Alert) {
		t.Helper()
		clk.mu.Lock()
		clk.now = now.Add(-age)
		clk.mu.Unlock()
		m := &notifier.Message{Kind: notifier.KindAlert, Alerts: alerts, Title: title}
		if len(alerts) == 0 {
			m.Kind = notifier.KindTest
		}
		if _, err := d0.Enqueue("chat", m); err != nil {
			t.Fatal(err)
		}
	}
	put("ancient", 30*time.Hour, alert("old", notifier.Warning, false))
	put("w1", 3*time.Hour, alert("web1", notifier.Warning, false))
	put("w1 resolved", 2*time.Hour, alert("web1", notifier.Warning, true))
	put("w2", 100*time.Minute, alert("web2", notifier.Warning, false))
	put("test", 90*time.Minute)
	put("w3", 80*time.Minute, alert("web3", notifier.Warning, false))
	put("c1", time.Minute, alert("db1", notifier.Critical, false))

	lim := notifier.QueueLimits{MaxMessages: 3, MaxAge: 24 * time.Hour}
	d, err := notifier.NewDispatcher(notifier.Options{Outbox: ob, Backoff: fast, Queue: lim}, notifier.Target{Channel: rec, SendResolved: true})
	if err != nil {
		t.Fatal(err)
	}

	stop := run(t, d)
	waitEmpty(t, ob)
	stop()

	var got []string
	for _, m := range rec.messages() {
		got = append(got, m.Title)
	}
	if want := []string{"c1", "test", "w3"}; !slices.Equal(got, want) {
		t.Errorf("delivered %v, want %v", got, want)
	}
	_, dead, err := ob.List()
	if err != nil {
		t.Fatal(err)
	}
	why := map[string]string{}
	for _, e := range dead {
		why[e.Summary] = e.LastError
	}
	want := map[string]string{
		"warning: 1 alert(s): old/cpu":   "dropped: older than 24h",
		"warning: 1 alert(s): web1/cpu":  "superseded by a newer message of the same alert",
		"resolved: 1 alert(s): web1/cpu": "dropped: outbox full (max 3)",
		"warning: 1 alert(s): web2/cpu":  "dropped: outbox full (max 3)",
	}
	if len(why) != len(want) {
		t.Errorf("dead letters %v, want %v", why, want)
	}
	for k, v := range want {
		if why[k] != v {
			t.Errorf("dead letter %q: %q, want %q", k, why[k], v)
		}
	}
}

// TestNewCriticalJumpsTheQueue: a channel is slow (the service is
// rate-limited); a critical alert queued behind warnings is the next one
// sent, not the last.
func TestNewCriticalJumpsTheQueue(t *testing.T) {
	ob, _ := outbox.Open(t.TempDir())
	sending, gate := make(chan struct{}), make(chan struct{})
	rec := &recorder{name: "chat", fail: func(n int) (bool, error) {
		if n == 1 {
			close(sending)
			<-gate // the first delivery hangs until the critical is queued
		}
		return false, nil
	}}
	d, err := notifier.NewDispatcher(notifier.Options{Outbox: ob, Backoff: fast}, notifier.Target{Channel: rec})
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, d)
	defer stop()
	for i, h := range []string{"w1", "w2", "w3"} {
		if i == 1 {
			<-sending
		}
		if _, err := d.Notify(context.Background(), []notifier.Alert{alert(h, notifier.Warning, false)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Notify(context.Background(), []notifier.Alert{alert("db", notifier.Critical, false)}); err != nil {
		t.Fatal(err)
	}
	close(gate)
	waitEmpty(t, ob)
	var got []string
	for _, m := range rec.messages() {
		got = append(got, m.Alerts[0].Host)
	}
	if want := []string{"w1", "db", "w2", "w3"}; !slices.Equal(got, want) {
		t.Errorf("delivered %v, want %v", got, want)
	}
}
