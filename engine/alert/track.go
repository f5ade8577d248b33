package alert

import (
	"strings"
	"time"

	"lookout/entity"
)

// track is the state machine of one rule on one host: its latest samples,
// whether it is pending or firing, its recent flips and its open alert.
type track struct {
	key  string // "cpu", "disk:/var", "process:nginx"
	rule string // "cpu", "disk", "process"
	r    *Rule
	cond bool // a condition rule (value 1 when true)
	host bool // a host-level condition (unreachable, key changed): runs while the host is down

	// The latest samples, a ring of r.Sustain values.
	vals   []float64
	head   int
	n      int
	last   float64
	lastAt time.Time
	fresh  bool   // a sample arrived since the last evaluation
	gone   bool   // the series vanished from the host's snapshots
	missed int    // successful polls in a row without the series
	note   string // what a condition is about (the poll error, the process)

	// The machine: sev is the firing severity (none when not firing);
	// pending means a sample crossed a threshold but the sustain or for
	// condition is not met yet.
	sev       Severity
	pending   bool
	condSince time.Time // when the sustained value first crossed (the for clock)
	// overSince is when the condition began: the first sample at or over
	// the lower threshold since the samples were last all clear. A firing
	// alert's start is this, so that a message says how long the
	// condition has held ("for 2 min"), not how long since it fired.
	overSince time.Time
	flips     []time.Time
	lastFlip  time.Time

	a *openAlert // from firing to resolved
}

// openAlert is an alert from its first event to its resolution.
type openAlert struct {
	id         string
	start      time.Time
	sev        Severity // the severity last reported
	peak       float64
	notified   bool      // an event of it reached the sink
	lastNotice time.Time // the last firing, repeat or flapping event (sent or held)
	flapping   bool
	acked      bool // acknowledged: no reminders

	// While a silence covers the alert, mutedBy names it; held tells that
	// a notice (firing, escalation, flapping) was held back by it. When
	// the silence ends the alert is sent at once (silenceEnded).
	mutedBy string
	held    bool
	sentSev Severity // the severity last sent
}

func newTrack(key string, r *Rule) *track {
	name, _, _ := strings.Cut(key, ":")
	t := &track{key: key, rule: name, r: r, cond: entity.IsConditionRule(name),
		host: name == entity.RuleUnreachable || name == entity.RuleKeyChanged}
	t.vals = make([]float64, max(r.Sustain, 1))
	return t
}

// setRule swaps in a new rule after a reload. A different sustain keeps
// the latest samples that fit the new window, so the rule goes on from
// what it saw rather than from nothing.
func (t *track) setRule(r *Rule) {
	t.r = r
	size := max(r.Sustain, 1)
	if len(t.vals) == size {
		return
	}
	keep := t.latest(min(t.n, size))
	t.vals = make([]float64, size)
	t.n = copy(t.vals, keep)
	t.head = t.n % size
}

// latest returns the latest n samples, oldest first.
func (t *track) latest(n int) []float64 {
	out := make([]float64, n)
	for i := range n {
		out[i] = t.vals[(t.head-n+i+2*len(t.vals))%len(t.vals)]
	}
	return out
}

// absent records a successful poll without the series: no data, until
// limit of them in a row say it is gone.
func (t *track) absent(limit int) {
	t.missed++
	if t.missed >= limit {
		t.gone = true
	}
}

func (t *track) push(v float64, at time.Time) {
	t.vals[t.head] = v
	t.head = (t.head + 1) % len(t.vals)
	if t.n < len(t.vals) {
		t.n++
	}
	t.last, t.lastAt, t.fresh, t.gone, t.missed = v, at, true, false, 0
}

// reset forgets the samples (the host went down: its old samples say
// nothing about it when it comes back).
func (t *track) reset() {
	t.head, t.n, t.fresh, t.pending = 0, 0, false, false
	t.condSince, t.overSince = time.Time{}, time.Time{}
}

// since is when the condition that made t fire began: the first sample
// over the threshold, else when the sustained value crossed, else at.
func (t *track) since(at time.Time) time.Time {
	s := at
	for _, c := range []time.Time{t.overSince, t.condSince} {
		if !c.IsZero() && c.Before(s) {
			s = c
		}
	}
	return s
}

func (t *track) full() bool { return t.n >= len(t.vals) }

func (t *track) avg() float64 {
	if t.n == 0 {
		return t.last
	}
	s := 0.0
	for i := 0; i < t.n; i++ {
		s += t.vals[i]
	}
	return s / float64(t.n)
}

// step runs the machine on the latest samples and returns the severity
// before and after; changed is false when it stayed.
func (t *track) step() (prev Severity, changed bool) {
	avg := t.avg()
	full := t.full()
	target := t.sev // too few samples: hold (after a restart, after an outage)
	if full {
		target = t.r.target(avg, t.sev)
		if t.a != nil && avg > t.a.peak {
			t.a.peak = avg
		}
	}
	if t.sev == SeverityNone {
		if t.last >= t.r.lowest() && t.overSince.IsZero() {
			t.overSince = t.lastAt
		}
		if target != SeverityNone {
			if t.condSince.IsZero() {
				t.condSince = t.lastAt
			}
			if t.lastAt.Sub(t.condSince) < t.r.For {
				t.pending = true
				return t.sev, false
			}
		} else {
			t.condSince = time.Time{}
			t.pending = t.last >= t.r.lowest()
			if !t.pending {
				t.overSince = time.Time{}
			}
			return t.sev, false
		}
	}
	if target == t.sev {
		return t.sev, false
	}
	prev, t.sev, t.pending = t.sev, target, false
	if target == SeverityNone {
		t.condSince, t.overSince = time.Time{}, time.Time{}
	}
	return prev, true
}

// flip records a change of state at now and reports whether the changes
// within window reach limit (0: never).
func (t *track) flip(now time.Time, limit int, window time.Duration) bool {
	cut := now.Add(-window)
	i := 0
	for i < len(t.flips) && !t.flips[i].After(cut) {
		i++
	}
	t.flips = append(t.flips[i:], now)
	t.lastFlip = now
	return limit > 0 && len(t.flips) >= limit
}
