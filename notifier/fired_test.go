package notifier_test

import (
	"context"
	"slices"
	"testing"

	"lookout/notifier"
	"lookout/notifier/outbox"
)

// TestResolutionReachesEveryChannelThatGotTheFiring: warnings go to
// "chat", criticals to "pager". An alert fires as a warning, rises to
// critical, Lookout restarts, and the alert resolves: both channels hear
// it resolved, whatever the resolution's severity routes to.
func TestResolutionReachesEveryChannelThatGotTheFiring(t *testing.T) {
	routes := []notifier.Route{
		{Severities: []notifier.Severity{notifier.Warning}, Channels: []string{"chat"}},
		{Severities: []notifier.Severity{notifier.Critical}, Channels: []string{"pager"}},
	}
	type step struct {
		name    string
		alert   notifier.Alert
		restart bool
	}
	other := alert("db1", notifier.Critical, true) // resolved, never fired here
	tests := []struct {
		name        string
		steps       []step
		chat, pager []string
	}{
		{"warning, critical, restart, resolved", []step{
			{"warning", alert("web1", notifier.Warning, false), false},
			{"critical", alert("web1", notifier.Critical, false), true},
			{"resolved", alert("web1", notifier.Critical, true), false},
		}, []string{"warning", "resolved"}, []string{"critical", "resolved"}},
		{"critical only", []step{
			{"critical", alert("web1", notifier.Critical, false), false},
			{"resolved", alert("web1", notifier.Critical, true), false},
		}, nil, []string{"critical", "resolved"}},
		{"a second outage starts afresh", []step{
			{"warning", alert("web1", notifier.Warning, false), false},
			{"resolved", alert("web1", notifier.Warning, true), true},
			{"critical", alert("web1", notifier.Critical, false), false},
			{"resolved", alert("web1", notifier.Critical, true), false},
		}, []string{"warning", "resolved"}, []string{"critical", "resolved"}},
		{"a resolution nobody was told of follows its routes", []step{
			{"resolved", other, false},
		}, nil, []string{"resolved"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			chat, pager := &recorder{name: "chat"}, &recorder{name: "pager"}
			open := func() (*notifier.Dispatcher, *outbox.Outbox) {
				ob, err := outbox.Open(dir)
				if err != nil {
					t.Fatal(err)
				}
				d, err := notifier.NewDispatcher(notifier.Options{Outbox: ob, Backoff: fast, Routes: routes},
					notifier.Target{Channel: chat, SendResolved: true}, notifier.Target{Channel: pager, SendResolved: true})
				if err != nil {
					t.Fatal(err)
				}
				return d, ob
			}
			d, ob := open()
			stop := run(t, d)
			for _, s := range tt.steps {
				if s.restart {
					stop()
					d, ob = open()
					stop = run(t, d)
				}
				if _, err := d.Notify(context.Background(), []notifier.Alert{s.alert}); err != nil {
					t.Fatal(err)
				}
				waitEmpty(t, ob)
			}
			stop()
			for _, c := range []struct {
				r    *recorder
				want []string
			}{{chat, tt.chat}, {pager, tt.pager}} {
				var got []string
				for _, m := range c.r.messages() {
					got = append(got, stateOf(m))
				}
				if !slices.Equal(got, c.want) {
					t.Errorf("%s got %v, want %v", c.r.name, got, c.want)
				}
			}
		})
	}
}

func stateOf(m *notifier.Message) string {
	if m.Resolved() {
		return "resolved"
	}
	return m.Severity().String()
}
