package watchdog

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func missing(names ...string) entity.Snapshot {
	return entity.Snapshot{Procs: entity.ProcStats{Missing: names}}
}

func TestCooldownAndCap(t *testing.T) {
	log := filepath.Join(t.TempDir(), "restarts")
	clk := &clock{t: time.Unix(1000, 0)}
	w, err := New("local", []Rule{{Process: "apache2", Command: []string{"/bin/sh", "-c", "echo restarted >> " + log},
		Cooldown: time.Minute, MaxAttempts: 2}}, nil, clk.now, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		advance time.Duration
		snap    entity.Snapshot
		runs    int // restarts so far
	}{
		{"missing: first attempt", 0, missing("apache2"), 1},
		{"within cooldown: nothing", 30 * time.Second, missing("apache2"), 1},
		{"after cooldown: second attempt", 31 * time.Second, missing("apache2"), 2},
		{"cap reached: nothing", 10 * time.Minute, missing("apache2"), 2},
		{"other process missing: nothing", 10 * time.Minute, missing("nginx"), 2},
		{"up for less than the window, missing again: still given up", time.Minute, missing("apache2"), 2},
		{"up for the window resets; missing again: attempt", time.Minute, missing("apache2"), 3},
	}
	for _, s := range steps {
		if strings.HasPrefix(s.name, "up for") {
			w.Observe(entity.Snapshot{})
		}
		clk.add(s.advance)
		if strings.HasPrefix(s.name, "up for the window") {
			w.Observe(entity.Snapshot{}) // up from one minute ago, 2 × 1 min window
			clk.add(time.Minute)
			w.Observe(entity.Snapshot{})
		}
		w.Observe(s.snap)
		w.Wait()
		b, _ := os.ReadFile(log)
		if got := strings.Count(string(b), "restarted"); got != s.runs {
			t.Fatalf("%s: %d restarts, want %d", s.name, got, s.runs)
		}
	}
	h := w.History()
	if len(h) != 4 || h[0].N != 1 || h[1].N != 2 || !h[2].GaveUp || h[3].N != 1 || !h[0].OK() || h[0].Process != "apache2" || h[0].Max != 2 {
		t.Errorf("history %+v", h)
	}
}

func TestFailedAndHungCommands(t *testing.T) {
	tests := []struct {
		name    string
		command []string
		exit    int
		err     string
	}{
		{"exit status", []string{"/bin/sh", "-c", "echo no such unit >&2; exit 5"}, 5, "exit status 5"},
		{"not found", []string{"/nonexistent/restart"}, -1, "no such file"},
		{"hung", []string{"/bin/sleep", "30"}, -1, "timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, _ := New("local", []Rule{{Process: "p", Command: tt.command, Timeout: 200 * time.Millisecond}}, nil, nil,
				slog.New(slog.DiscardHandler))
			w.Observe(missing("p"))
			w.Wait()
			h := w.History()
			if len(h) != 1 || h[0].OK() || h[0].ExitCode != tt.exit || !strings.Contains(h[0].Err, tt.err) {
				t.Errorf("history %+v", h)
			}
		})
	}
	if _, err := New("local", []Rule{{Process: "p"}}, nil, nil, nil); err == nil {
		t.Error("a rule without a command was accepted")
	}
}

func TestWrap(t *testing.T) {
	var got []string
	w, _ := New("local", []Rule{{Process: "p", Command: []string{"restart-p"}}},
		func(_ context.Context, argv []string) ([]byte, error) { got = argv; return nil, nil }, nil, slog.New(slog.DiscardHandler))
	col := Wrap(engine.CollectorFunc(func(context.Context) (entity.Snapshot, error) { return missing("p"), nil }), w)
	if _, err := col.Collect(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.Wait()
	if len(got) != 1 || got[0] != "restart-p" {
		t.Errorf("ran %v", got)
	}
}

// fakeTable is a process table: whether the process runs, and the
// restarts asked of it.
type fakeTable struct {
	mu       sync.Mutex
	restarts []time.Time
	clk      *clock
}

func (f *fakeTable) run(context.Context, []string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.restarts = append(f.restarts, f.clk.now())
	return nil, nil
}

func (f *fakeTable) count() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.restarts) }

// TestCrashLoopIsThrottled kills the process right after each restart:
// the watchdog must keep the cooldown between restarts and give up after
// max_attempts, until the process stays up for a whole window.
func TestCrashLoopIsThrottled(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"killed three times in 8 s, cooldown 10 s: one restart", []step{
			{0, false, 1}, {time.Second, true, 1}, {3 * time.Second, false, 1}, // killed again at 4 s
			{time.Second, true, 1}, {3 * time.Second, false, 1}, // and at 8 s
			{2 * time.Second, false, 2}, // 10 s after the first: the second restart
		}},
		{"crash loop gives up after max_attempts", []step{
			{0, false, 1}, {time.Second, true, 1}, {10 * time.Second, false, 2},
			{time.Second, true, 2}, {10 * time.Second, false, 3},
			{time.Second, true, 3}, {10 * time.Second, false, 3}, // given up
			{time.Second, true, 3}, {10 * time.Second, false, 3}, // up 10 s < 30 s window: still given up
			{time.Minute, false, 3}, // the process stays missing: nothing
		}},
		{"up for a whole window re-arms it", []step{
			{0, false, 1}, {time.Second, true, 1}, {10 * time.Second, false, 2},
			{time.Second, true, 2}, {10 * time.Second, false, 3},
			{time.Second, true, 3}, {10 * time.Second, false, 3}, // given up
			{time.Second, true, 3}, {30 * time.Second, true, 3}, // up for the 30 s window
			{time.Second, false, 4},
		}},
		{"one long outage is capped as well", []step{
			{0, false, 1}, {10 * time.Second, false, 2}, {10 * time.Second, false, 3},
			{10 * time.Second, false, 3}, {time.Hour, false, 3},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &clock{t: time.Unix(1000, 0)}
			ft := &fakeTable{clk: clk}
			w, err := New("local", []Rule{{Process: "p", Command: []string{"/bin/restart-p"}, Cooldown: 10 * time.Second, MaxAttempts: 3}},
				ft.run, clk.now, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			runSteps(t, w, clk, ft, tt.steps)
			for i := 1; i < len(ft.restarts); i++ {
				if gap := ft.restarts[i].Sub(ft.restarts[i-1]); gap < 10*time.Second {
					t.Errorf("restarts %d and %d only %v apart", i, i+1, gap)
				}
			}
		})
	}
}

type step struct {
	advance  time.Duration
	running  bool
	restarts int // so far
}

func runSteps(t *testing.T, w *Watchdog, clk *clock, ft *fakeTable, steps []step) {
	t.Helper()
	for i, s := range steps {
		clk.add(s.advance)
		snap := missing("p")
		if s.running {
			snap = entity.Snapshot{}
		}
		w.Observe(snap)
		w.Wait()
		if got := ft.count(); got != s.restarts {
			t.Fatalf("step %d (+%v, running %v): %d restarts, want %d", i+1, s.advance, s.running, got, s.restarts)
		}
	}
}

// TestStateSurvivesReplacement hands the state of a watchdog to the one
// that replaces it (as the monitor does on Reload): the crash loop's
// count and cooldown carry over.
func TestStateSurvivesReplacement(t *testing.T) {
	clk := &clock{t: time.Unix(1000, 0)}
	ft := &fakeTable{clk: clk}
	rule := []Rule{{Process: "p", Command: []string{"/bin/restart-p"}, Cooldown: 10 * time.Second, MaxAttempts: 2}}
	w1, _ := New("local", slices.Clone(rule), ft.run, clk.now, slog.New(slog.DiscardHandler))
	runSteps(t, w1, clk, ft, []step{{0, false, 1}, {time.Second, true, 1}})
	w2, _ := New("local", slices.Clone(rule), ft.run, clk.now, slog.New(slog.DiscardHandler))
	w2.Restore(w1.State())
	runSteps(t, w2, clk, ft, []step{{time.Second, false, 1}, {8 * time.Second, false, 2}, {time.Second, true, 2}, {10 * time.Second, false, 2}})
	if h := w2.History(); len(h) != 2 || !h[1].GaveUp || !strings.Contains(h[1].Err, "stayed up for 20s") {
		t.Errorf("history %+v", h)
	}
}
