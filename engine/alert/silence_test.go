package alert

import (
	"slices"
	"testing"
	"time"
)

func TestSilenceActiveAt(t *testing.T) {
	day := func(d, h, m int) time.Time { return time.Date(2025, 7, d, h, m, 0, 0, time.Local) } // 2025-07-05 is a Saturday
	tests := []struct {
		name string
		s    Silence
		at   time.Time
		want bool
	}{
		{"one-off inside", Silence{Start: day(1, 10, 0), End: day(1, 11, 0)}, day(1, 10, 30), true},
		{"one-off at its end", Silence{Start: day(1, 10, 0), End: day(1, 11, 0)}, day(1, 11, 0), false},
		{"one-off before", Silence{Start: day(1, 10, 0), End: day(1, 11, 0)}, day(1, 9, 59), false},
		{"daily inside", Silence{Daily: true, DailyFrom: 2 * time.Hour, DailyTo: 3 * time.Hour}, day(3, 2, 30), true},
		{"daily outside", Silence{Daily: true, DailyFrom: 2 * time.Hour, DailyTo: 3 * time.Hour}, day(3, 3, 0), false},
		{"daily past midnight, evening", Silence{Daily: true, DailyFrom: 23 * time.Hour, DailyTo: time.Hour}, day(3, 23, 30), true},
		{"daily past midnight, morning", Silence{Daily: true, DailyFrom: 23 * time.Hour, DailyTo: time.Hour}, day(4, 0, 30), true},
		{"daily past midnight, noon", Silence{Daily: true, DailyFrom: 23 * time.Hour, DailyTo: time.Hour}, day(4, 12, 0), false},
		{"weekend only, saturday", Silence{Daily: true, DailyFrom: 0, DailyTo: 6 * time.Hour, Days: []time.Weekday{time.Saturday}}, day(5, 1, 0), true},
		{"weekend only, friday", Silence{Daily: true, DailyFrom: 0, DailyTo: 6 * time.Hour, Days: []time.Weekday{time.Saturday}}, day(4, 1, 0), false},
		{"friday night window on saturday morning", Silence{Daily: true, DailyFrom: 22 * time.Hour, DailyTo: 2 * time.Hour, Days: []time.Weekday{time.Friday}}, day(5, 1, 0), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.ActiveAt(tt.at); got != tt.want {
				t.Errorf("ActiveAt(%v) = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
}

func TestSilenceMatches(t *testing.T) {
	tests := []struct {
		name      string
		s         Silence
		host, key string
		want      bool
	}{
		{"everything", Silence{}, "web", "cpu", true},
		{"other host", Silence{Hosts: []string{"db"}}, "web", "cpu", false},
		{"rule name covers every mount", Silence{Rules: []string{"disk"}}, "web", "disk:/data", true},
		{"one mount only", Silence{Rules: []string{"disk:/backup"}}, "web", "disk:/data", false},
		{"other rule", Silence{Rules: []string{"disk"}}, "web", "cpu", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Matches(tt.host, tt.key); got != tt.want {
				t.Errorf("Matches = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSnooze: events during a snooze are recorded, not sent; when the
// snooze ends the alert that still fires is sent at once, marked as sent
// because the silence ended; its reminders follow from then on.
func TestSnooze(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\nrepeat = \"30m\"\n")
	if _, err := h.e.Snooze(15 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.e.SnoozedUntil(); !ok {
		t.Fatal("not snoozed")
	}
	h.poll("web", cpu(90))
	evs := h.tick(10 * time.Second)
	if got := short(evs); !slices.Equal(got, []string{"firing:warning cpu (held)"}) || evs[0].Silence == "" {
		t.Fatalf("during the snooze: %v", got)
	}
	// 40 minutes of the same value, polled every minute.
	for range 40 {
		h.poll("web", cpu(90))
		h.tick(time.Minute)
	}
	h.poll("web", cpu(10))
	h.tick(time.Minute)
	want := []string{"firing:warning cpu (held)", "firing:warning cpu", "resolved:warning cpu"}
	if got := short(h.all); !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	if ev := h.all[1]; ev.At.Sub(t0) != 15*time.Minute+10*time.Second || ev.SilenceEnded != evs[0].Silence {
		t.Errorf("sent at %v marked %q, want at the end of the snooze (15m10s) marked %q", ev.At.Sub(t0), ev.SilenceEnded, evs[0].Silence)
	}
	if n := len(h.sent); n != 2 {
		t.Errorf("%d rounds sent, want 2", n)
	}
}

func TestSilenceHoldsTheResolution(t *testing.T) {
	tests := []struct {
		name        string
		silenceFrom int // sample index at which a 1 h silence starts
		want        []string
		after       []string // when the silence ends
	}{
		{"fired and resolved inside", 0, []string{"firing:warning cpu (held)", "resolved:warning cpu (held)"}, nil},
		{"fired before, resolved inside", 2, []string{"firing:warning cpu", "resolved:warning cpu (held)"}, []string{"resolved:warning cpu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "[rules]\nsustain = 1\n")
			for i, v := range []float64{90, 90, 90, 10, 10} {
				if i == tt.silenceFrom {
					if _, err := h.e.AddSilence(Silence{End: h.now.Add(time.Hour), Hosts: []string{"web"}}); err != nil {
						t.Fatal(err)
					}
				}
				h.poll("web", cpu(v))
				h.tick(10 * time.Second)
			}
			if got := short(h.all); !slices.Equal(got, tt.want) {
				t.Fatalf("events %v, want %v", got, tt.want)
			}
			// The silence ends: the resolution of an alert whose firing was
			// sent is sent now; the rest stays unsent.
			h.now = h.now.Add(2 * time.Hour)
			evs := h.tick(time.Second)
			if got := short(evs); !slices.Equal(got, tt.after) {
				t.Errorf("after the silence: %v, want %v", got, tt.after)
			}
			for _, e := range evs {
				if e.SilenceEnded == "" || e.ID != h.all[0].ID || e.Duration != 40*time.Second {
					t.Errorf("%v: silence ended %q, id %s, lasted %v", e, e.SilenceEnded, e.ID, e.Duration)
				}
			}
			if evs := h.tick(time.Second); len(evs) != 0 {
				t.Errorf("then: %v", short(evs))
			}
		})
	}
}

func TestMaintenanceWindowFromConfig(t *testing.T) {
	// t0 is 12:00 UTC; the window is written in local time.
	from := t0.Local()
	daily := from.Format("15:04") + "-" + from.Add(time.Hour).Format("15:04")
	h := newHarness(t, "[rules]\nsustain = 1\n[[silences]]\nhosts = [\"web\"]\nrules = [\"cpu\"]\ndaily = \""+daily+"\"\n")
	h.poll("db", cpu(99))
	h.poll("web", func(s *engineSnapshot) { s.CPU.Percent = 99; s.Mem.Percent = 99 })
	got := short(h.tick(10 * time.Second))
	want := []string{"firing:critical cpu", "firing:critical cpu (held)", "firing:critical mem"}
	if !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	if ss := h.e.Silences(); len(ss) != 1 || ss[0].Source != SourceConfig {
		t.Errorf("silences %+v", ss)
	}
}

func TestSilencesSurviveRestart(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\n")
	s, err := h.e.Snooze(time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.e.AddSilence(Silence{End: h.now.Add(time.Hour), Hosts: []string{"db"}, Comment: "disk swap"}); err != nil {
		t.Fatal(err)
	}
	h.restart()
	if ss := h.e.Silences(); len(ss) != 2 || ss[0].ID != s.ID {
		t.Fatalf("after restart: %+v", ss)
	}
	if err := h.e.Resume(); err != nil {
		t.Fatal(err)
	}
	if ss := h.e.Silences(); len(ss) != 1 || ss[0].Comment != "disk swap" {
		t.Fatalf("after resume: %+v", ss)
	}
	if err := h.e.RemoveSilence(h.e.Silences()[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := h.e.RemoveSilence("nope"); err == nil {
		t.Error("removing an unknown silence should fail")
	}
	if _, err := h.e.AddSilence(Silence{End: h.now.Add(-time.Hour)}); err == nil {
		t.Error("a silence that ends before it starts should be refused")
	}
}
