package engine

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"lookout/entity"
)

// backoffCollector behaves like the SSH collector after a slow first
// login: its first poll hangs until the deadline, and a poll within window
// of a failure fails at once with the last error (its reconnection
// back-off) without trying.
type backoffCollector struct {
	window time.Duration

	mu       sync.Mutex
	calls    int
	inFlight int
	overlap  bool
	failedAt time.Time
}

func (c *backoffCollector) Collect(ctx context.Context) (entity.Snapshot, error) {
	c.mu.Lock()
	c.calls++
	first := c.calls == 1
	c.inFlight++
	c.overlap = c.overlap || c.inFlight > 1
	backingOff := !c.failedAt.IsZero() && time.Since(c.failedAt) < c.window
	c.mu.Unlock()
	defer func() { c.mu.Lock(); c.inFlight--; c.mu.Unlock() }()
	fail := func(err error) (entity.Snapshot, error) {
		c.mu.Lock()
		c.failedAt = time.Now()
		c.mu.Unlock()
		return entity.Snapshot{}, err
	}
	switch {
	case first:
		<-ctx.Done()
		return fail(&PollError{Kind: entity.KindTimeout, Err: ctx.Err()})
	case backingOff:
		return fail(&PollError{Kind: entity.KindTimeout, Err: errors.New("timed out (next attempt in 1s)")})
	}
	return entity.Snapshot{Time: time.Now(), CPU: entity.CPUStat{Percent: 5}}, nil
}

type pollEvent struct {
	st   entity.HostStatus
	snap entity.Snapshot
	ok   bool
}

// runSampler runs s over targets until n poll events were observed (or 10
// s passed) and returns them.
func runSampler(t *testing.T, s *Sampler, n int, targets ...Target) []pollEvent {
	t.Helper()
	events := make(chan pollEvent, 100)
	s.Observe(func(st entity.HostStatus, snap entity.Snapshot, ok bool) {
		select {
		case events <- pollEvent{st, snap, ok}:
		default:
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx, targets); close(done) }()
	defer func() { cancel(); <-done }()
	var out []pollEvent
	timeout := time.After(10 * time.Second)
	for len(out) < n {
		select {
		case ev := <-events:
			out = append(out, ev)
		case <-timeout:
			t.Fatalf("%d poll events in 10 s, want %d", len(out), n)
		}
	}
	return out
}

// TestSamplerOnePollOneFailure: a poll that runs into its deadline is one
// failure. The polls that fell due meanwhile are not made at once
// afterwards (each would fail within the collector's back-off, in the
// same millisecond, and fail_limit 3 would call a host that merely had a
// slow first login unreachable).
func TestSamplerOnePollOneFailure(t *testing.T) {
	c := &backoffCollector{window: 150 * time.Millisecond}
	s := NewSampler(NewRing(10), quiet)
	evs := runSampler(t, s, 3, Target{Name: "slow", Collector: c, Interval: 300 * time.Millisecond, FailLimit: 3})
	if evs[0].ok || evs[0].st.Failures != 1 {
		t.Fatalf("first poll: %+v, want one failure", evs[0].st)
	}
	for i, ev := range evs[1:] {
		if !ev.ok {
			t.Errorf("poll %d failed (%d in a row, %s): polled again within the back-off of the timed-out poll", i+2, ev.st.Failures, ev.st.LastError)
		}
		if ev.st.State == entity.StateUnreachable {
			t.Errorf("poll %d: unreachable after one slow poll", i+2)
		}
	}
}

// blockingCollector takes delay on its first call and answers at once
// afterwards.
type blockingCollector struct {
	backoffCollector
	delay time.Duration
}

func (c *blockingCollector) Collect(ctx context.Context) (entity.Snapshot, error) {
	c.mu.Lock()
	c.calls++
	first := c.calls == 1
	c.inFlight++
	c.overlap = c.overlap || c.inFlight > 1
	c.mu.Unlock()
	defer func() { c.mu.Lock(); c.inFlight--; c.mu.Unlock() }()
	if first {
		select {
		case <-time.After(c.delay):
		case <-ctx.Done():
			return entity.Snapshot{}, ctx.Err()
		}
	}
	return entity.Snapshot{Time: time.Now(), CPU: entity.CPUStat{Percent: 5}}, nil
}

// TestSamplerTimeoutLongerThanInterval: a timeout above the interval is
// the poll's deadline (it was cut to the interval), and polls never
// overlap.
func TestSamplerTimeoutLongerThanInterval(t *testing.T) {
	c := &blockingCollector{delay: 250 * time.Millisecond}
	s := NewSampler(NewRing(10), quiet)
	evs := runSampler(t, s, 3, Target{Name: "h", Collector: c, Interval: 50 * time.Millisecond, Timeout: 2 * time.Second})
	if !evs[0].ok {
		t.Fatalf("a 250 ms poll with a 2 s timeout failed: %s", evs[0].st.LastError)
	}
	if evs[0].st.Duration < 250*time.Millisecond {
		t.Errorf("first poll took %v", evs[0].st.Duration)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.overlap {
		t.Error("a poll started while the previous one was running")
	}
}

func TestNextPoll(t *testing.T) {
	t0 := time.Unix(1000, 0)
	s := time.Second
	tests := []struct {
		name     string
		end      time.Duration
		interval time.Duration
		warm     bool
		want     time.Duration
	}{
		{"on time", 100 * time.Millisecond, 10 * s, false, 10 * s},
		{"warm-up", 100 * time.Millisecond, 10 * s, true, 1100 * time.Millisecond},
		{"warm-up after a slow first poll", 9500 * time.Millisecond, 10 * s, true, 10 * s},
		{"overran to the slot", 10 * s, 10 * s, false, 20 * s},
		{"overran by a bit", 10*s + time.Millisecond, 10 * s, false, 20 * s},
		{"overran two slots", 25 * s, 10 * s, false, 30 * s},
		{"timeout above interval", 2500 * time.Millisecond, s, false, 3 * s},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := nextPoll(t0, t0.Add(tt.end), tt.interval, tt.warm).Sub(t0)
			if got != tt.want {
				t.Errorf("nextPoll = start+%v, want start+%v", got, tt.want)
			}
		})
	}
}

// hostileCollector serves one fixed snapshot.
type hostileCollector struct{ snap entity.Snapshot }

func (c hostileCollector) Collect(context.Context) (entity.Snapshot, error) { return c.snap, nil }

// TestSamplerRejectsImpossibleSnapshot: a snapshot with NaN, a 900 % disk
// or 30 000 cores fails the poll with an error naming the field, and
// nothing of it reaches the store.
func TestSamplerRejectsImpossibleSnapshot(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name  string
		snap  entity.Snapshot
		field string
	}{
		{"nan cpu", entity.Snapshot{Time: now, CPU: entity.CPUStat{Percent: math.NaN()}}, "cpu.percent"},
		{"disk 900 %", entity.Snapshot{Time: now, Disks: []entity.DiskStat{{Mount: "/data", TotalBytes: 10, UsedBytes: 9, Percent: 900}}}, "disks[/data].percent"},
		{"30000 cores", entity.Snapshot{Time: now, CPU: entity.CPUStat{Cores: 30000, PerCore: make([]float64, 30000)}}, "cpu.cores"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ring := NewRing(10)
			s := NewSampler(ring, quiet)
			evs := runSampler(t, s, 1, Target{Name: "h", Collector: hostileCollector{tt.snap}, Interval: time.Hour})
			st := evs[0].st
			if evs[0].ok || st.ErrorKind != entity.KindProtocol || !strings.Contains(st.LastError, tt.field) {
				t.Errorf("poll ok=%v kind %q error %q; want a protocol error naming %s", evs[0].ok, st.ErrorKind, st.LastError, tt.field)
			}
			if latest, _ := ring.Latest("h"); !latest.Time.IsZero() {
				t.Error("the impossible snapshot was stored")
			}
		})
	}
}
