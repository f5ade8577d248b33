package alert

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestPropertyRandomSeries runs random rule settings over random CPU
// series, then a long calm tail, and checks on every alert that
//   - two sends of it at one severity are never closer than its repeat
//     interval (a change of severity is news and is sent at once);
//   - it is resolved exactly once, and nothing of it follows the
//     resolution but, when a silence held the resolution of an alert that
//     had been sent, that resolution sent once when the silence ends;
//   - the resolution is sent exactly when something of the alert was sent
//     and no silence holds it;
//   - one host and rule never have two alerts open at once.
func TestPropertyRandomSeries(t *testing.T) {
	for seed := range uint64(200) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 42))
			sustain := 1 + rng.IntN(4)
			hyst := float64(rng.IntN(6))
			repeat := []time.Duration{0, 30 * time.Second, time.Minute, 3 * time.Minute}[rng.IntN(4)]
			forDur := []time.Duration{0, 0, 20 * time.Second, time.Minute}[rng.IntN(4)]
			flaps := []int{0, 0, 3, 5}[rng.IntN(4)]
			step := time.Duration(5+rng.IntN(20)) * time.Second
			cfg := fmt.Sprintf("[rules]\nsustain = %d\nhysteresis = %g\nrepeat = %q\nfor = %q\nflap_flips = %d\nflap_window = \"2m\"\n",
				sustain, hyst, repeat, forDur, flaps)
			h := newHarness(t, cfg)
			// Silence a random stretch, sometimes.
			if rng.IntN(3) == 0 {
				from := t0.Add(time.Duration(rng.IntN(600)) * time.Second)
				if _, err := h.e.AddSilence(Silence{Start: from, End: from.Add(time.Duration(rng.IntN(600)) * time.Second)}); err != nil {
					t.Fatal(err)
				}
			}
			v := rng.Float64() * 100
			for range 200 {
				// A random walk with jumps, clamped to 0–100.
				v += rng.NormFloat64() * 8
				if rng.IntN(20) == 0 {
					v = rng.Float64() * 100
				}
				v = min(max(v, 0), 100)
				h.poll("web", cpu(v))
				h.tick(step)
				if rng.IntN(10) == 0 {
					h.restart()
				}
			}
			// Calm long enough for every sustain, every flap window and
			// every silence to pass.
			for range 200 {
				h.poll("web", cpu(0))
				h.tick(step)
			}
			checkProperties(t, h.all, repeat)
		})
	}
}

func checkProperties(t *testing.T, evs []Event, repeat time.Duration) {
	t.Helper()
	type state struct {
		lastSend    time.Time
		lastSendSev Severity
		sentAny     bool
		resolved    int
		held        bool // a silence held the resolution of a sent alert
		released    int  // resolutions sent when the silence ended
	}
	alerts := map[string]*state{}
	open := map[string]string{} // host+key -> open alert ID
	for _, e := range evs {
		s := alerts[e.ID]
		if s == nil {
			s = &state{}
			alerts[e.ID] = s
			k := alertKey(e.Host, e.Key)
			if other, ok := open[k]; ok {
				t.Fatalf("%s opened while %s is open", e.ID, other)
			}
			open[k] = e.ID
		}
		if s.resolved > 0 {
			if e.Kind == KindResolved && e.SilenceEnded != "" && e.Sent && s.held && s.released == 0 {
				s.released++
				continue
			}
			t.Fatalf("%v after the resolution of %s", e, e.ID)
		}
		switch {
		case e.Kind == KindResolved:
			s.resolved++
			s.held = s.sentAny && !e.Sent && e.Silence != ""
			if want := s.sentAny && e.Silence == ""; e.Sent != want {
				t.Errorf("%s: resolution sent = %v, want %v (something of it was sent: %v, silence %q)", e.ID, e.Sent, want, s.sentAny, e.Silence)
			}
			delete(open, alertKey(e.Host, e.Key))
		case e.Sent:
			if s.sentAny && e.Severity == s.lastSendSev && e.Kind == KindRepeat && e.At.Sub(s.lastSend) < repeat {
				t.Errorf("%s: sent at %v and again at %v, within the repeat interval %v", e.ID, s.lastSend, e.At, repeat)
			}
			if e.Kind == KindRepeat && repeat == 0 {
				t.Errorf("%s: a reminder with repeat = 0", e.ID)
			}
			s.sentAny, s.lastSend, s.lastSendSev = true, e.At, e.Severity
		}
	}
	for id, s := range alerts {
		if s.resolved != 1 {
			t.Errorf("%s resolved %d times, want once", id, s.resolved)
		}
		if s.held && s.released != 1 {
			t.Errorf("%s: its resolution held by a silence was sent %d times after it, want once", id, s.released)
		}
	}
}
