package alert

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"lookout/entity"
)

// The steps of a continuity scenario: what happens to the engine, one poll
// and one evaluation every 10 s.
type step func(h *harness)

// polls polls host web n times with mutate, evaluating after each.
func polls(n int, mutate func(*entity.Snapshot)) step {
	return func(h *harness) {
		for range n {
			h.poll("web", mutate)
			h.tick(10 * time.Second)
		}
	}
}

// failing observes failed polls of web as the sampler reports them after a
// start: the count of failures in a row starts again, so the first ones are
// "failing" and only the limit's (3) is "unreachable".
func failing(n int) step {
	return func(h *harness) {
		for i := 1; i <= n; i++ {
			st := entity.StateFailing
			if i >= 3 {
				st = entity.StateUnreachable
			}
			h.failN("web", st, "dial tcp: connection refused", i)
			h.tick(10 * time.Second)
		}
	}
}

func restart(h *harness) { h.restart() }

// reload gives the engine the configuration extra (with the harness's
// hosts), as a Settings save or SIGHUP does.
func reload(extra string) step {
	return func(h *harness) { h.reload(parseConfig(h.t, extra)) }
}

// temp is a mutation that sets the hottest sensor; without sensors
// (absent: Snapshot.Value says ok=false) when v is NaN.
func temp(v float64) func(*entity.Snapshot) {
	return func(s *entity.Snapshot) {
		if math.IsNaN(v) {
			s.Temps = nil
			return
		}
		s.Temps = []entity.TempStat{{Sensor: "cpu", Celsius: v}}
	}
}

// TestContinuity: an alert that is still true when the engine restarts
// from its event log or takes a reload stays one alert: no "resolved"
// followed by a new "firing", and an outage that never ended does not
// become "flapping". The first readings after a start may have no value
// for a metric (a rate needs two readings): that is no data, never 0.
func TestContinuity(t *testing.T) {
	const repeat = "[rules]\nrepeat = \"1h\"\n"
	const flappy = "[rules]\nrepeat = \"1h\"\nflap_flips = 3\nflap_window = \"10m\"\n"
	tests := []struct {
		name   string
		cfg    string
		before []step // before the interruption: opens one alert
		open   string // the alert open after before ("kind:severity key")
		after  []step // the interruption and what follows
		want   []string
	}{
		{"cpu across a restart, first reading absent (NaN)", repeat,
			[]step{polls(3, cpu(90))}, "firing:warning cpu",
			[]step{restart, polls(1, cpu(math.NaN())), polls(6, cpu(90))}, nil},
		{"temp across a restart, first reading without sensors", repeat,
			[]step{polls(3, temp(90))}, "firing:warning temp",
			[]step{restart, polls(1, temp(math.NaN())), polls(6, temp(90))}, nil},
		{"temp across a reload, first reading without sensors", repeat,
			[]step{polls(3, temp(90))}, "firing:warning temp",
			[]step{reload(repeat), polls(1, temp(math.NaN())), polls(6, temp(90))}, nil},
		{"a series absent for good is resolved", repeat,
			[]step{polls(3, temp(90))}, "firing:warning temp",
			[]step{polls(5, temp(math.NaN()))}, []string{"resolved:warning temp"}},
		{"unreachable across a restart", repeat,
			[]step{failing(3)}, "firing:critical unreachable",
			[]step{restart, failing(6)}, nil},
		{"unreachable across a reload", repeat,
			[]step{failing(3)}, "firing:critical unreachable",
			[]step{reload(repeat), failing(6)}, nil},
		{"unreachable across restarts and reloads does not flap", flappy,
			[]step{failing(3)}, "firing:critical unreachable",
			[]step{reload(flappy), failing(4), restart, failing(4), reload(flappy), failing(4), restart, failing(4)}, nil},
		{"an outage that ends after a restart resolves once", repeat,
			[]step{failing(3)}, "firing:critical unreachable",
			[]step{restart, failing(2), polls(3, nil)}, []string{"resolved:critical unreachable"}},
		{"key changed across a restart", repeat,
			[]step{func(h *harness) {
				h.failN("web", entity.StateKeyChanged, "host key mismatch", 1)
				h.tick(10 * time.Second)
			}}, "firing:critical key_changed",
			[]step{restart, failing(2)}, nil},
		{"reload unchanged", repeat,
			[]step{polls(3, cpu(90))}, "firing:warning cpu",
			[]step{reload(repeat), polls(1, cpu(math.NaN())), polls(6, cpu(90))}, nil},
		{"reload with a higher warning still below the value", repeat,
			[]step{polls(3, cpu(90))}, "firing:warning cpu",
			[]step{reload(repeat + "[rules.cpu]\nwarning = 88\n"), polls(6, cpu(90))}, nil},
		{"reload with a longer sustain", repeat,
			[]step{polls(3, cpu(90))}, "firing:warning cpu",
			[]step{reload("[rules]\nrepeat = \"1h\"\nsustain = 5\n"), polls(1, cpu(math.NaN())), polls(8, cpu(90))}, nil},
		{"reload with a shorter sustain", repeat,
			[]step{polls(3, cpu(90))}, "firing:warning cpu",
			[]step{reload("[rules]\nrepeat = \"1h\"\nsustain = 1\n"), polls(6, cpu(90))}, nil},
		{"reload with a critical below the value escalates once", repeat,
			[]step{polls(3, cpu(90))}, "firing:warning cpu",
			[]step{reload(repeat + "[rules.cpu]\ncritical = 88\n"), polls(6, cpu(90))},
			[]string{"firing:critical cpu from warning"}},
		{"reload with thresholds above the value resolves once", repeat,
			[]step{polls(3, cpu(90))}, "firing:warning cpu",
			[]step{reload(repeat + "[rules.cpu]\nwarning = 97\ncritical = 99\n"), polls(6, cpu(90))},
			[]string{"resolved:warning cpu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.cfg)
			for _, s := range tt.before {
				s(h)
			}
			if got := short(h.all); !slices.Equal(got, []string{tt.open}) {
				t.Fatalf("before: %v, want [%s]", got, tt.open)
			}
			id := h.all[0].ID
			h.all = nil
			for _, s := range tt.after {
				s(h)
			}
			if got := short(h.all); !slices.Equal(got, tt.want) {
				t.Fatalf("after: %v, want %v", got, tt.want)
			}
			for _, e := range h.all {
				if e.ID != id {
					t.Errorf("%v: another alert than %s", e, id)
				}
			}
			act := h.e.Active()
			if open := len(tt.want) == 0 || !strings.HasPrefix(tt.want[len(tt.want)-1], "resolved"); open && (len(act) != 1 || act[0].ID != id) {
				t.Errorf("active %v, want the alert %s", short(act), id)
			}
		})
	}
}
