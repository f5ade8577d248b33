package notifier

import (
	"slices"
	"testing"
	"time"

	"lookout/internal/human"
)

func TestPlanQueue(t *testing.T) {
	now := time.Date(2024, 5, 2, 12, 0, 0, 0, time.UTC)
	at := func(ago time.Duration) time.Time { return now.Add(-ago) }
	msg := func(id string, ago time.Duration, states ...string) queued {
		q := queued{ID: id, Created: at(ago)}
		if len(states) > 0 {
			q.States = map[string]string{}
			for i := 0; i+1 < len(states); i += 2 {
				q.States[states[i]] = states[i+1]
				if states[i+1] == "firing critical" {
					q.Critical = true
				}
			}
		}
		return q
	}
	lim := QueueLimits{MaxMessages: 100, MaxAge: 24 * time.Hour}
	tests := []struct {
		name  string
		q     []queued
		lim   QueueLimits
		order []string
		drops []drop
	}{
		{"firing superseded by a newer firing",
			[]queued{msg("01", time.Hour, "web/cpu", "firing warning"), msg("02", time.Minute, "web/cpu", "firing critical")}, lim,
			[]string{"02"}, []drop{{"01", ReasonSuperseded}}},
		{"firing superseded by its resolution",
			[]queued{msg("01", time.Hour, "web/cpu", "firing warning"), msg("02", time.Minute, "web/cpu", "resolved")}, lim,
			[]string{"02"}, []drop{{"01", ReasonSuperseded}}},
		{"resolved and firing again: the resolution goes",
			[]queued{msg("01", time.Hour, "web/cpu", "firing warning"), msg("02", 30*time.Minute, "web/cpu", "resolved"), msg("03", time.Minute, "web/cpu", "firing warning")}, lim,
			[]string{"03"}, []drop{{"02", ReasonSuperseded}, {"01", ReasonSuperseded}}},
		{"a message with another alert still to tell is kept",
			[]queued{msg("01", time.Hour, "web/cpu", "firing warning", "db/mem", "firing warning"), msg("02", time.Minute, "web/cpu", "resolved")}, lim,
			[]string{"01", "02"}, nil},
		{"a message partly sent is kept",
			[]queued{func() queued { q := msg("01", time.Hour, "web/cpu", "firing warning"); q.Started = true; return q }(), msg("02", time.Minute, "web/cpu", "resolved")}, lim,
			[]string{"01", "02"}, nil},
		{"reports are never superseded",
			[]queued{msg("01", time.Hour), msg("02", time.Minute)}, lim,
			[]string{"01", "02"}, nil},
		{"older than max_age",
			[]queued{msg("01", 25*time.Hour, "web/cpu", "firing critical"), msg("02", 25*time.Hour), msg("03", time.Hour, "db/cpu", "firing warning")}, lim,
			[]string{"03"}, []drop{{"02", "dropped: older than 24h"}, {"01", "dropped: older than 24h"}}},
		{"a newer critical jumps the queue",
			[]queued{msg("01", 3*time.Hour, "a/cpu", "firing warning"), msg("02", 2*time.Hour), msg("03", time.Minute, "b/cpu", "firing critical"),
				msg("04", 50*time.Second, "c/cpu", "resolved"), msg("05", 40*time.Second, "d/cpu", "firing critical")}, lim,
			[]string{"03", "05", "01", "02", "04"}, nil},
		{"full: the oldest of the least urgent go first",
			[]queued{msg("01", 5*time.Hour, "a/cpu", "firing critical"), msg("02", 4*time.Hour, "b/cpu", "firing warning"), msg("03", 3*time.Hour),
				msg("04", 2*time.Hour, "c/cpu", "firing warning"), msg("05", time.Hour, "d/cpu", "firing critical")}, QueueLimits{MaxMessages: 3},
			[]string{"01", "05", "04"}, []drop{{"02", "dropped: outbox full (max 3)"}, {"03", "dropped: outbox full (max 3)"}}},
		{"full of criticals: the oldest go",
			[]queued{msg("01", 3*time.Hour, "a/cpu", "firing critical"), msg("02", 2*time.Hour, "b/cpu", "firing critical"), msg("03", time.Hour, "c/cpu", "firing critical"),
				msg("04", time.Minute, "d/cpu", "resolved")}, QueueLimits{MaxMessages: 2},
			[]string{"02", "03"}, []drop{{"04", "dropped: outbox full (max 2)"}, {"01", "dropped: outbox full (max 2)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The queue arrives in any order.
			in := slices.Clone(tt.q)
			slices.Reverse(in)
			order, drops := planQueue(in, now, tt.lim)
			var ids []string
			for _, q := range order {
				ids = append(ids, q.ID)
			}
			if !slices.Equal(ids, tt.order) {
				t.Errorf("order %v, want %v", ids, tt.order)
			}
			if !slices.Equal(drops, tt.drops) {
				t.Errorf("drops %v, want %v", drops, tt.drops)
			}
		})
	}
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{24 * time.Hour: "24h", 90 * time.Minute: "1h30m", 45 * time.Second: "45s", 10 * time.Minute: "10m"} {
		if got := human.ShortDuration(d); got != want {
			t.Errorf("ShortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
