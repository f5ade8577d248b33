package alert

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
)

// t0 is the start of every test's fake clock.
var t0 = time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)

// harness drives an engine with a fake clock: poll feeds a snapshot at
// the current time, tick advances the clock and evaluates.
type harness struct {
	t    *testing.T
	cfg  config.Config
	dir  string
	now  time.Time
	ring *engine.Ring
	e    *Engine
	sent [][]Event
	all  []Event
}

// baseConfig is one host; parseConfig puts the extra TOML first, turns
// flap detection off unless the extra sets it, and adds a second host, "db", which needs no way to reach
// it here.
const baseConfig = `
[[hosts]]
name = "web"
local = true
`

func parseConfig(t testing.TB, extra string) config.Config {
	t.Helper()
	cfg, err := config.Parse("test.toml", []byte(extra+baseConfig))
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	if !strings.Contains(extra, "flap_flips") {
		off := 0
		cfg.Rules.FlapFlips = &off
	}
	cfg.Hosts = append(cfg.Hosts, config.Host{Name: "db"})
	return cfg
}

// settingsOf builds the engine's settings from cfg as lookout/monitor's
// AlertSettings does (that package imports this one, so tests cannot call
// it).
func settingsOf(cfg config.Config) Settings {
	set := Settings{Rules: cfg.RulesFor}
	for _, h := range cfg.HostsOrLocal() {
		set.Hosts = append(set.Hosts, h.Name)
	}
	for i, sc := range cfg.Silences {
		s := Silence{ID: fmt.Sprintf("config-%d", i+1), Hosts: sc.Hosts, Rules: sc.Rules, Comment: sc.Comment, Source: SourceConfig}
		if sc.Daily != "" {
			s.Daily, s.DailyFrom, s.DailyTo, s.Days = true, sc.DailyFrom, sc.DailyTo, sc.DailyWeekdays
		} else {
			s.Start, s.End = sc.From, sc.Until
		}
		set.Silences = append(set.Silences, s)
	}
	return set
}

// reload gives the running engine cfg, as a Settings save or SIGHUP does.
func (h *harness) reload(cfg config.Config) {
	h.cfg = cfg
	h.e.Reload(settingsOf(cfg))
}

func newHarness(t *testing.T, extra string) *harness {
	t.Helper()
	h := &harness{t: t, cfg: parseConfig(t, extra), dir: t.TempDir(), now: t0, ring: engine.NewRing(1000)}
	h.start()
	return h
}

// start (re)starts the engine on the harness's directory, as a restart of
// the program does.
func (h *harness) start() {
	h.t.Helper()
	e, err := New(settingsOf(h.cfg), h.ring, SinkFunc(func(_ context.Context, evs []Event) {
		h.sent = append(h.sent, append([]Event(nil), evs...))
	}), Options{Dir: h.dir, Clock: ClockFunc(func() time.Time { return h.now }), Log: quiet})
	if err != nil {
		h.t.Fatal(err)
	}
	h.e = e
	h.t.Cleanup(func() { e.Close() })
}

func (h *harness) restart() {
	h.t.Helper()
	if err := h.e.Close(); err != nil {
		h.t.Fatal(err)
	}
	h.start()
}

// snap is a healthy snapshot of host at the current time.
func (h *harness) snap(host string) entity.Snapshot {
	return entity.Snapshot{Host: host, Time: h.now,
		CPU:   entity.CPUStat{Percent: 10, Cores: 4},
		Load:  entity.LoadStat{Load1: 0.5},
		Mem:   entity.MemStat{TotalBytes: 8 << 30, Percent: 30},
		Swap:  entity.SwapStat{TotalBytes: 1 << 30, Percent: 1},
		Disks: []entity.DiskStat{{Mount: "/", Percent: 40}, {Mount: "/data", Percent: 50}},
		Temps: []entity.TempStat{{Sensor: "cpu", Celsius: 45}},
		Procs: entity.ProcStats{Total: 100,
			TopCPU: []entity.ProcStat{{PID: 1, Name: "a", CPUPercent: 50}, {PID: 2, Name: "b"}, {PID: 3, Name: "c"}, {PID: 4, Name: "d"}, {PID: 5, Name: "e"}, {PID: 6, Name: "f"}},
			TopMem: []entity.ProcStat{{PID: 7, Name: "m", RSSBytes: 1 << 30}}},
	}
}

// poll observes one successful poll of host; mutate changes the healthy
// snapshot.
func (h *harness) poll(host string, mutate func(*entity.Snapshot)) {
	s := h.snap(host)
	if mutate != nil {
		mutate(&s)
	}
	if err := h.ring.Append(s); err != nil {
		h.t.Fatal(err)
	}
	h.e.Observe(entity.HostStatus{Host: host, State: entity.StateOK, LastPoll: h.now, LastOK: h.now}, s, true)
}

// fail observes a failed poll of host in state st.
func (h *harness) fail(host string, st entity.HostState, msg string) { h.failN(host, st, msg, 3) }

// failN observes a failed poll of host in state st, the nth in a row.
func (h *harness) failN(host string, st entity.HostState, msg string, n int) {
	h.ring.AppendGap(host, h.now)
	h.e.Observe(entity.HostStatus{Host: host, State: st, LastPoll: h.now, LastError: msg, Failures: n}, entity.Snapshot{}, false)
}

// tick advances the clock by d and evaluates.
func (h *harness) tick(d time.Duration) []Event {
	h.now = h.now.Add(d)
	evs := h.e.Evaluate(context.Background(), h.now)
	h.all = append(h.all, evs...)
	return evs
}

// cpu is a mutation that sets CPU percent.
func cpu(v float64) func(*entity.Snapshot) { return func(s *entity.Snapshot) { s.CPU.Percent = v } }

// short writes events compactly for comparisons: "kind:severity key".
func short(evs []Event) []string {
	var out []string
	for _, e := range evs {
		s := fmt.Sprintf("%s:%s %s", e.Kind, e.Severity, e.Key)
		if e.PrevSeverity != "" {
			s += " from " + string(e.PrevSeverity)
		}
		if !e.Sent {
			s += " (held)"
		}
		out = append(out, s)
	}
	return out
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type (
	engineSnapshot = entity.Snapshot
	netStat        = entity.NetStat
)

func tempStat(name string, c float64) entity.TempStat {
	return entity.TempStat{Sensor: name, Celsius: c}
}

func cpuStat(p float64) entity.CPUStat { return entity.CPUStat{Percent: p, Cores: 2} }

func hostStatus(host string, at time.Time) entity.HostStatus {
	return entity.HostStatus{Host: host, State: entity.StateOK, LastPoll: at}
}
