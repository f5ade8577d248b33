package report

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"
)

// TimeOfDay is a wall-clock time, minutes after midnight.
type TimeOfDay int

// ParseTimeOfDay reads "HH:MM" (24-hour).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	hs, ms, ok := strings.Cut(strings.TrimSpace(s), ":")
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if !ok || err1 != nil || err2 != nil || len(ms) != 2 || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, fmt.Errorf("expected a time of day such as \"09:00\" or \"18:30\", got %q", s)
	}
	return TimeOfDay(h*60 + m), nil
}

// String returns "HH:MM".
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", int(t)/60, int(t)%60) }

// Schedule says when reports go out: every Every (aligned to local
// midnight, so "6h" means 00:00, 06:00, 12:00 and 18:00; an interval
// that does not divide a day restarts at midnight), at each of At, or
// both. The zero Schedule never fires.
type Schedule struct {
	Every    time.Duration
	At       []TimeOfDay
	Location *time.Location // nil means time.Local
}

// Enabled reports whether the schedule ever fires.
func (s Schedule) Enabled() bool { return s.Every > 0 || len(s.At) > 0 }

// MaxEvery is the longest interval: once a day (use At for a time other
// than midnight).
const MaxEvery = 24 * time.Hour

// Next returns the first report time strictly after t, or the zero time if
// the schedule never fires. Every is capped at MaxEvery.
func (s Schedule) Next(t time.Time) time.Time {
	loc := s.Location
	if loc == nil {
		loc = time.Local
	}
	every := min(s.Every, MaxEvery)
	lt := t.In(loc)
	var best time.Time
	consider := func(c time.Time) {
		if c.After(t) && (best.IsZero() || c.Before(best)) {
			best = c
		}
	}
	// Today's and tomorrow's slots hold every candidate.
	for day := 0; day <= 1; day++ {
		mid := time.Date(lt.Year(), lt.Month(), lt.Day()+day, 0, 0, 0, 0, loc)
		for _, at := range s.At {
			consider(time.Date(mid.Year(), mid.Month(), mid.Day(), int(at)/60, int(at)%60, 0, 0, loc))
		}
		if every > 0 {
			end := time.Date(mid.Year(), mid.Month(), mid.Day()+1, 0, 0, 0, 0, loc)
			k := max(t.Sub(mid)/every, 0)
			for c := mid.Add(k * every); c.Before(end); c = c.Add(every) {
				if c.After(t) {
					consider(c)
					break
				}
			}
		}
	}
	return best
}

// Clock is the time source of a Scheduler; tests inject a fake one.
type Clock interface {
	Now() time.Time
	// After waits for d like time.After.
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// RealClock is the system clock.
var RealClock Clock = realClock{}

// Scheduler calls Fire at each time of its Schedule until its context
// ends. A Fire that runs long delays the next one but never piles them
// up: a slot missed while Fire ran (or while the machine slept) is skipped,
// not replayed.
type Scheduler struct {
	Schedule Schedule
	Clock    Clock // nil means RealClock
	// Fire sends one report; at is the scheduled time. Its error is
	// logged and the schedule goes on.
	Fire func(ctx context.Context, at time.Time) error
	Log  *slog.Logger
}

// Run blocks, firing reports, until ctx ends. It returns at once when the
// schedule is not enabled.
func (s *Scheduler) Run(ctx context.Context) error {
	if !s.Schedule.Enabled() {
		return nil
	}
	clock := s.Clock
	if clock == nil {
		clock = RealClock
	}
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	for {
		now := clock.Now()
		next := s.Schedule.Next(now)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-clock.After(next.Sub(now)):
		}
		if err := s.Fire(ctx, next); err != nil {
			log.Error("scheduled report failed", "at", next, "err", err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// SortTimes sorts and de-duplicates times of day.
func SortTimes(ts []TimeOfDay) []TimeOfDay {
	out := append([]TimeOfDay(nil), ts...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	w := 0
	for i, t := range out {
		if i == 0 || t != out[w-1] {
			out[w] = t
			w++
		}
	}
	return out[:w]
}
