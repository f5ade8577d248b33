package agent

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/history"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// TestEveryAgentPollIsStored polls a real agent handler over HTTP every
// second with the jitter a real poller has (some polls come a little less
// than a second after the previous one) and counts the samples the
// history and the ring keep: every successful poll is one stored sample.
// The agent served polls closer than a second to its last collection from
// its cache, with the same time, and the history replaced the previous
// row: about half the samples were lost.
func TestEveryAgentPollIsStored(t *testing.T) {
	clk := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	h, err := NewHandler(HandlerOptions{Token: []byte(token), Warmup: time.Millisecond, Now: clk.Now,
		Log: slog.New(slog.DiscardHandler),
		New: func(_, _ []string) engine.Collector {
			return engine.CollectorFunc(func(context.Context) (entity.Snapshot, error) {
				return entity.Snapshot{Host: "agent-box", Time: clk.Now(), Mem: entity.MemStat{TotalBytes: 100, UsedBytes: 50, Percent: 50}}, nil
			})
		}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, err := New(Options{Name: "db1", URL: srv.URL, Token: token, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	store, err := history.Open(history.Options{Path: filepath.Join(t.TempDir(), "h.db"), Now: clk.Now, MaxSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ring := engine.NewRing(1000)

	start := clk.Now()
	const polls = 40
	jitter := []time.Duration{-60 * time.Millisecond, 40 * time.Millisecond, -10 * time.Millisecond, 30 * time.Millisecond}
	for i := range polls {
		clk.Add(time.Second + jitter[i%len(jitter)])
		s, err := c.Collect(context.Background())
		if err != nil {
			t.Fatalf("poll %d: %v", i, err)
		}
		if err := store.Append(s); err != nil {
			t.Fatal(err)
		}
		ring.Append(s)
	}
	end := clk.Now()
	for name, st := range map[string]engine.Store{"history": store, "ring": ring} {
		pts, err := st.Range("db1", entity.MetricMem, start, end, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(pts) != polls {
			t.Errorf("%s holds %d samples of %d successful polls", name, len(pts), polls)
		}
		for i := 1; i < len(pts); i++ {
			if !pts[i].T.After(pts[i-1].T) {
				t.Errorf("%s: sample %d at %v, not after the previous at %v", name, i, pts[i].T, pts[i-1].T)
			}
		}
	}
}
