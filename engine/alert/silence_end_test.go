package alert

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// An action happens before the poll of one minute of a silence scenario.
type action func(t *testing.T, h *harness)

func silenceFor(d time.Duration) action {
	return func(t *testing.T, h *harness) {
		if _, err := h.e.AddSilence(Silence{End: h.now.Add(d), Hosts: []string{"web"}, Comment: "deploy"}); err != nil {
			t.Fatal(err)
		}
	}
}

func snoozeFor(d time.Duration) action {
	return func(t *testing.T, h *harness) {
		if _, err := h.e.Snooze(d); err != nil {
			t.Fatal(err)
		}
	}
}

func resume(t *testing.T, h *harness) {
	if err := h.e.Resume(); err != nil {
		t.Fatal(err)
	}
}

func clearSilences(t *testing.T, h *harness) {
	for _, s := range h.e.Silences() {
		if err := h.e.RemoveSilence(s.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func ackAll(t *testing.T, h *harness) {
	for _, a := range h.e.Active() {
		if err := h.e.Acknowledge(a.ID, "ops"); err != nil {
			t.Fatal(err)
		}
	}
}

// downFor stops the engine, lets d pass and starts it again from its
// directory, as a stopped daemon does.
func downFor(d time.Duration) action {
	return func(t *testing.T, h *harness) {
		if err := h.e.Close(); err != nil {
			t.Fatal(err)
		}
		h.now = h.now.Add(d)
		h.start()
	}
}

func both(as ...action) action {
	return func(t *testing.T, h *harness) {
		for _, a := range as {
			a(t, h)
		}
	}
}

// TestSilenceEnd: when a silence or maintenance window ends (or is removed)
// while its alert still fires, the alert is sent at once, marked with
// SilenceEnded; a resolution held by the silence is sent then if the
// firing had been sent before it; an alert that fired and resolved inside
// the silence sends nothing. CPU is polled and evaluated every minute.
func TestSilenceEnd(t *testing.T) {
	const cfg = "[rules]\nsustain = 1\nrepeat = \"30m\"\n"
	// The daily window runs from t0 to t0+1h in local time.
	daily := fmt.Sprintf("[[silences]]\nhosts = [\"web\"]\ndaily = \"%s-%s\"\n", t0.Local().Format("15:04"), t0.Add(time.Hour).Local().Format("15:04"))
	tests := []struct {
		name   string
		cfg    string
		series []float64 // CPU, minute by minute
		at     map[int]action
		want   []string // "minute kind:severity key", (held) or (silence ended)
	}{
		{"a snooze ends while the alert it held fires", cfg, run(90, 40),
			map[int]action{0: snoozeFor(15 * time.Minute)},
			[]string{"0 firing:warning cpu (held)", "14 firing:warning cpu (silence ended)"}},
		{"a snooze ends while an alert sent before it fires, its reminder due", cfg, run(90, 70),
			map[int]action{1: snoozeFor(45 * time.Minute)},
			[]string{"0 firing:warning cpu", "45 repeat:warning cpu (silence ended)"}},
		{"a short snooze of an alert sent before: the reminder keeps its slot", cfg, run(90, 40),
			map[int]action{1: snoozeFor(10 * time.Minute)},
			[]string{"0 firing:warning cpu", "30 repeat:warning cpu"}},
		{"an escalation held is sent when the silence ends", cfg, cat(run(85, 2), run(99, 70)),
			map[int]action{1: silenceFor(time.Hour)},
			[]string{"0 firing:warning cpu", "2 firing:critical cpu from warning (held)", "60 firing:critical cpu from warning (silence ended)"}},
		{"a resolution held is sent when the silence ends", cfg, cat(run(90, 2), run(10, 70)),
			map[int]action{1: silenceFor(time.Hour)},
			[]string{"0 firing:warning cpu", "2 resolved:warning cpu (held)", "60 resolved:warning cpu (silence ended)"}},
		{"fired and resolved inside the silence: nothing", cfg, cat(run(90, 2), run(10, 70)),
			map[int]action{0: silenceFor(time.Hour)},
			[]string{"0 firing:warning cpu (held)", "2 resolved:warning cpu (held)"}},
		{"resume ends a snooze early", cfg, run(90, 40),
			map[int]action{0: snoozeFor(time.Hour), 5: resume},
			[]string{"0 firing:warning cpu (held)", "5 firing:warning cpu (silence ended)", "35 repeat:warning cpu"}},
		{"removing a silence sends the resolution it held", cfg, cat(run(90, 2), run(10, 20)),
			map[int]action{1: silenceFor(time.Hour), 4: clearSilences},
			[]string{"0 firing:warning cpu", "2 resolved:warning cpu (held)", "4 resolved:warning cpu (silence ended)"}},
		{"a daily window ends mid-alert", cfg + daily, run(90, 80), nil,
			[]string{"0 firing:warning cpu (held)", "59 firing:warning cpu (silence ended)"}},
		{"an acknowledged alert stays quiet", cfg, run(90, 40),
			map[int]action{1: both(ackAll, snoozeFor(15*time.Minute))},
			[]string{"0 firing:warning cpu"}},
		{"the silence ends while the engine is stopped", cfg, run(90, 40),
			map[int]action{0: snoozeFor(15 * time.Minute), 5: downFor(20 * time.Minute)},
			[]string{"0 firing:warning cpu (held)", "5 firing:warning cpu (silence ended)", "35 repeat:warning cpu"}},
		{"a held resolution outlives a restart", cfg, cat(run(90, 2), run(10, 20)),
			map[int]action{1: silenceFor(10 * time.Minute), 5: downFor(20 * time.Minute)},
			[]string{"0 firing:warning cpu", "2 resolved:warning cpu (held)", "5 resolved:warning cpu (silence ended)"}},
		{"it fires again inside after a resolution held", cfg, cat(run(90, 2), run(10, 2), run(90, 70)),
			map[int]action{1: silenceFor(time.Hour)},
			[]string{"0 firing:warning cpu", "2 resolved:warning cpu (held)", "4 firing:warning cpu (held)",
				"60 resolved:warning cpu (silence ended)", "60 firing:warning cpu (silence ended)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.cfg)
			var got []string
			for i, v := range tt.series {
				if a := tt.at[i]; a != nil {
					a(t, h)
				}
				h.poll("web", cpu(v))
				for _, e := range h.tick(time.Minute) {
					s := fmt.Sprintf("%d %s", i, short([]Event{e})[0])
					if e.SilenceEnded != "" {
						s += " (silence ended)"
						if !e.Sent || e.Silence != "" {
							t.Errorf("%s: not sent", s)
						}
					}
					got = append(got, s)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			// A restart afterwards restores the alert that is still open,
			// and only that one.
			open := len(tt.want) > 0 && !strings.Contains(tt.want[len(tt.want)-1], "resolved")
			h.restart()
			if act := h.e.Active(); (len(act) == 1) != open {
				t.Errorf("after a restart: active %v, want open %v", short(act), open)
			}
		})
	}
}

func TestActiveFromLateResolution(t *testing.T) {
	old := Event{ID: "web/cpu/1", Host: "web", Key: "cpu", Severity: SeverityWarning}
	cur := Event{ID: "web/cpu/2", Host: "web", Key: "cpu", Severity: SeverityWarning}
	with := func(e Event, k Kind, silenceEnded string) Event {
		e.Kind, e.SilenceEnded = k, silenceEnded
		return e
	}
	tests := []struct {
		name   string
		events []Event
		want   []string // open IDs
	}{
		{"resolved", []Event{with(old, KindFiring, ""), with(old, KindResolved, "")}, nil},
		{"a late resolution of an older alert", []Event{with(old, KindFiring, ""), with(old, KindResolved, ""),
			with(cur, KindFiring, ""), with(old, KindResolved, "s1")}, []string{cur.ID}},
		{"then the newer one resolves", []Event{with(old, KindFiring, ""), with(old, KindResolved, ""),
			with(cur, KindFiring, ""), with(old, KindResolved, "s1"), with(cur, KindResolved, "")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range ActiveFrom(tt.events) {
				got = append(got, e.ID)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("open %v, want %v", got, tt.want)
			}
		})
	}
}
