package engine

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"lookout/entity"
)

// fakeCollector answers after delay with the given error (nil: a snapshot).
type fakeCollector struct {
	mu    sync.Mutex
	delay time.Duration
	err   error
	calls int
}

func (f *fakeCollector) Collect(ctx context.Context) (entity.Snapshot, error) {
	f.mu.Lock()
	f.calls++
	delay, err := f.delay, f.err
	f.mu.Unlock()
	select {
	case <-time.After(delay):
	case <-ctx.Done():
		return entity.Snapshot{}, ctx.Err()
	}
	if err != nil {
		return entity.Snapshot{}, err
	}
	return entity.Snapshot{Time: time.Now(), CPU: entity.CPUStat{Percent: 1}}, nil
}

func (f *fakeCollector) set(delay time.Duration, err error) {
	f.mu.Lock()
	f.delay, f.err = delay, err
	f.mu.Unlock()
}

// TestSamplerSlowHostDoesNotStallOthers: a host that hangs past its
// deadline becomes unreachable while a healthy host keeps being polled,
// and it recovers by itself when it answers again.
func TestSamplerSlowHostDoesNotStallOthers(t *testing.T) {
	ring := NewRing(100)
	s := NewSampler(ring, quiet)
	healthy := &fakeCollector{}
	dead := &fakeCollector{delay: time.Hour}
	type event struct {
		st entity.HostStatus
		ok bool
	}
	events := make(chan event, 1000)
	s.Observe(func(st entity.HostStatus, _ entity.Snapshot, ok bool) { events <- event{st, ok} })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		s.Run(ctx, []Target{
			{Name: "healthy", Collector: healthy, Interval: 20 * time.Millisecond},
			{Name: "dead", Collector: dead, Interval: 20 * time.Millisecond, Timeout: 10 * time.Millisecond, FailLimit: 3},
		})
		close(done)
	}()
	healthyPolls, deadState := 0, entity.HostState("")
	recovered := false
	for ev := range events {
		switch ev.st.Host {
		case "healthy":
			if !ev.ok {
				t.Fatalf("healthy host failed: %+v", ev.st)
			}
			healthyPolls++
		case "dead":
			deadState = ev.st.State
			if deadState == entity.StateUnreachable && dead.calls >= 3 {
				if ev.st.Failures < 3 {
					t.Fatalf("unreachable after %d failures, want 3", ev.st.Failures)
				}
				if KindOf(errors.New(ev.st.LastError)) != entity.KindUnknown || ev.st.ErrorKind != entity.KindTimeout {
					t.Fatalf("error kind %q, want timeout", ev.st.ErrorKind)
				}
				dead.set(0, nil)
			}
			if ev.ok && deadState == entity.StateOK {
				recovered = true
			}
		}
		if recovered && healthyPolls >= 5 {
			break
		}
	}
	cancel()
	<-done
	if _, ok := ring.Latest("dead"); !ok {
		t.Error("recovered host has no snapshot in the ring")
	}
	pts, _ := ring.Range("healthy", entity.MetricCPU, time.Time{}, time.Now().Add(time.Hour), 0)
	if len(pts) < 5 {
		t.Errorf("healthy host has %d points", len(pts))
	}
}

func TestSamplerUntrustedBacksOff(t *testing.T) {
	s := NewSampler(NewRing(10), quiet)
	c := &fakeCollector{err: &PollError{Kind: entity.KindUntrusted, Err: errors.New("host key not trusted")}}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var states []entity.HostState
	s.Observe(func(st entity.HostStatus, _ entity.Snapshot, _ bool) {
		mu.Lock()
		states = append(states, st.State)
		mu.Unlock()
	})
	go s.Run(ctx, []Target{{Name: "x", Collector: c, Interval: 5 * time.Millisecond}})
	// After the first failure the sampler skips ticks: within 40 ticks it
	// must poll far fewer than 40 times.
	time.Sleep(200 * time.Millisecond)
	cancel()
	mu.Lock()
	defer mu.Unlock()
	if len(states) == 0 || states[0] != entity.StateUntrusted {
		t.Fatalf("states %v", states)
	}
	c.mu.Lock()
	calls := c.calls
	c.mu.Unlock()
	if calls > 12 {
		t.Errorf("untrusted host polled %d times in 40 ticks; want back-off", calls)
	}
}

func TestSamplerPause(t *testing.T) {
	s := NewSampler(NewRing(10), quiet)
	s.SetPaused("a", true)
	if !s.Paused("a") || s.Paused("b") {
		t.Fatal("per-host pause")
	}
	s.SetPaused("", true)
	if !s.Paused("b") {
		t.Fatal("pause all")
	}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
