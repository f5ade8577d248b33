package report

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"
)

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    TimeOfDay
		wantErr bool
	}{
		{name: "morning", in: "09:00", want: 9 * 60},
		{name: "evening", in: "18:30", want: 18*60 + 30},
		{name: "midnight", in: "00:00", want: 0},
		{name: "no colon", in: "0900", wantErr: true},
		{name: "hour 24", in: "24:00", wantErr: true},
		{name: "one-digit minutes", in: "9:5", wantErr: true},
		{name: "words", in: "noon", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTimeOfDay(tt.in)
			if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
				t.Fatalf("ParseTimeOfDay(%q) = %v, %v", tt.in, got, err)
			}
			if !tt.wantErr && got.String() != tt.in && tt.in != "00:00" {
				t.Errorf("String() = %q", got.String())
			}
		})
	}
}

func TestScheduleNext(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	at := func(h, m int) time.Time { return time.Date(2024, 5, 1, h, m, 0, 0, cst) }
	tests := []struct {
		name string
		s    Schedule
		now  time.Time
		want time.Time
	}{
		{name: "off", s: Schedule{}, now: at(10, 0), want: time.Time{}},
		{name: "every 6h", s: Schedule{Every: 6 * time.Hour, Location: cst}, now: at(10, 0), want: at(12, 0)},
		{name: "every 6h on the slot", s: Schedule{Every: 6 * time.Hour, Location: cst}, now: at(12, 0), want: at(18, 0)},
		{name: "every 6h late evening", s: Schedule{Every: 6 * time.Hour, Location: cst}, now: at(23, 59), want: at(24, 0)},
		{name: "every 7h restarts at midnight", s: Schedule{Every: 7 * time.Hour, Location: cst}, now: at(22, 0), want: at(24, 0)},
		{name: "daily", s: Schedule{Every: 24 * time.Hour, Location: cst}, now: at(10, 0), want: at(24, 0)},
		{name: "at times", s: Schedule{At: []TimeOfDay{9 * 60, 18 * 60}, Location: cst}, now: at(10, 0), want: at(18, 0)},
		{name: "at times, tomorrow", s: Schedule{At: []TimeOfDay{9 * 60, 18 * 60}, Location: cst}, now: at(18, 0), want: at(24+9, 0)},
		{name: "both, earliest wins", s: Schedule{Every: 6 * time.Hour, At: []TimeOfDay{9*60 + 30}, Location: cst}, now: at(7, 0), want: at(9, 30)},
		{name: "zone", s: Schedule{At: []TimeOfDay{9 * 60}, Location: cst}, now: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), want: at(9, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Next(tt.now); !got.Equal(tt.want) {
				t.Errorf("Next(%v) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

// fakeClock moves only when the test advances it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	waiting chan struct{} // signalled whenever someone starts waiting
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, waiting: make(chan struct{}, 16)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	c.waiting <- struct{}{}
	return ch
}

// advance moves the clock to t and wakes the waiters due by then.
func (c *fakeClock) advance(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(t) {
			w.ch <- t
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

func TestSchedulerFires(t *testing.T) {
	start := time.Date(2024, 5, 1, 5, 0, 0, 0, time.UTC)
	clock := newFakeClock(start)
	fired := make(chan time.Time, 10)
	s := &Scheduler{
		Schedule: Schedule{Every: 6 * time.Hour, At: []TimeOfDay{9 * 60}, Location: time.UTC},
		Clock:    clock,
		Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Fire: func(_ context.Context, at time.Time) error {
			fired <- at
			return errors.New("channel down") // logged, the schedule goes on
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()

	want := []time.Time{start.Add(time.Hour), start.Add(4 * time.Hour), start.Add(7 * time.Hour)} // 06:00, 09:00, 12:00
	for _, w := range want {
		<-clock.waiting
		clock.advance(w)
		if got := <-fired; !got.Equal(w) {
			t.Fatalf("fired at %v, want %v", got, w)
		}
	}
	// A long sleep skips the missed slots instead of replaying them.
	<-clock.waiting
	clock.advance(start.Add(30 * time.Hour)) // next day 11:00; 18:00, 00:00, 06:00, 09:00 missed
	got := <-fired
	if !got.Equal(start.Add(13 * time.Hour)) { // the slot it was waiting for: 18:00
		t.Fatalf("after the sleep fired at %v", got)
	}
	<-clock.waiting
	clock.advance(start.Add(31 * time.Hour)) // 12:00 the next day
	if got := <-fired; !got.Equal(start.Add(31 * time.Hour)) {
		t.Fatalf("then fired at %v, want the next day's 12:00", got)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v", err)
	}
}

func TestSchedulerOff(t *testing.T) {
	s := &Scheduler{Fire: func(context.Context, time.Time) error { t.Fatal("fired"); return nil }}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}
