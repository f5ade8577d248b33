package watchdog

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
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
		{"running again resets; missing again: attempt", time.Minute, missing("apache2"), 3},
	}
	for _, s := range steps {
		clk.add(s.advance)
		if strings.HasPrefix(s.name, "running again") {
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
	if len(h) != 3 || h[0].N != 1 || h[1].N != 2 || h[2].N != 1 || !h[0].OK() || h[0].Process != "apache2" || h[0].Max != 2 {
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
