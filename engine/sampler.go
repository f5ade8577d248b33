package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"lookout/entity"
)

// HostState is what the window and tray show of a host's health as far as
// polling goes. The alert engine adds warning and critical on top.
type HostState string

// Polling states.
const (
	StatePending     entity.HostState = "pending"     // not polled yet
	StateOK          entity.HostState = "ok"          // the last poll succeeded
	StateFailing     entity.HostState = "failing"     // the last poll failed, fewer than the limit in a row
	StateUnreachable entity.HostState = "unreachable" // the limit of failed polls in a row was reached
	StateUntrusted   entity.HostState = "untrusted"   // the host key is not trusted yet
	StateKeyChanged  entity.HostState = "key_changed" // the host key changed: refused
	StatePaused      entity.HostState = "paused"      // polling paused by the user
)

// ErrorKind classifies a failed poll so that states and back-off can differ:
// a host whose key is not trusted is not retried in a tight loop.
type ErrorKind string

// A collector may wrap its error in a *PollError to say what kind it is.
const (
	KindUnknown    entity.ErrorKind = ""
	KindRefused    entity.ErrorKind = "refused"
	KindTimeout    entity.ErrorKind = "timeout"
	KindAuth       entity.ErrorKind = "auth"
	KindUntrusted  entity.ErrorKind = "untrusted"
	KindKeyChanged entity.ErrorKind = "key_changed"
	KindProtocol   entity.ErrorKind = "protocol"
)

// PollError is a collector error with its kind.
type PollError struct {
	Kind entity.ErrorKind
	Err  error
}

func (e *PollError) Error() string { return e.Err.Error() }
func (e *PollError) Unwrap() error { return e.Err }

// KindOf returns the kind of a poll error: the kind of a *PollError in its
// chain, timeout for a context deadline, unknown otherwise.
func KindOf(err error) entity.ErrorKind {
	var pe *PollError
	if errors.As(err, &pe) {
		return pe.Kind
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return entity.KindTimeout
	}
	return entity.KindUnknown
}

// HostStatus is the polling status of one target.
type HostStatus struct {
	Host      string
	State     entity.HostState
	LastPoll  time.Time // when the last poll finished
	LastOK    time.Time
	LastError string
	ErrorKind entity.ErrorKind
	Failures  int           // failed polls in a row
	Duration  time.Duration // how long the last poll took
}

// Target is one host the sampler polls.
type Target struct {
	Name      string
	Collector Collector
	Interval  time.Duration // default 10 s
	Timeout   time.Duration // deadline per poll; default the interval, may be longer (polls never overlap)
	// FailLimit is how many failed polls in a row make the host
	// unreachable (default 3).
	FailLimit int
}

// WarmUp is the delay between a host's first and second poll.
const WarmUp = time.Second

// Observer is told of every poll's outcome. snap is the zero Snapshot when
// the poll failed. Observers run on the polling goroutine and must not
// block; the window hands the work to its UI thread with fyne.Do.
type Observer func(st entity.HostStatus, snap entity.Snapshot, ok bool)

// Sampler polls each target on its own goroutine, so that a slow or dead
// host never delays the others, and appends every snapshot to a store.
type Sampler struct {
	store     Store
	gap       func(host string, t time.Time)
	log       *slog.Logger
	mu        sync.RWMutex
	status    map[string]entity.HostStatus
	observers []Observer
	paused    map[string]bool
	pauseAll  bool
	kick      map[string]chan struct{}
}

// NewSampler returns a sampler that appends to store. If store is a *Ring,
// failed polls are recorded as gaps.
func NewSampler(store Store, log *slog.Logger) *Sampler {
	if log == nil {
		log = slog.Default()
	}
	s := &Sampler{store: store, log: log, status: map[string]entity.HostStatus{}, paused: map[string]bool{}, kick: map[string]chan struct{}{}}
	if g, ok := store.(interface{ AppendGap(string, time.Time) }); ok {
		s.gap = g.AppendGap
	}
	return s
}

// Observe adds an observer. Call it before Run.
func (s *Sampler) Observe(o Observer) {
	s.mu.Lock()
	s.observers = append(s.observers, o)
	s.mu.Unlock()
}

// Status returns the status of every target, in no particular order.
func (s *Sampler) Status() []entity.HostStatus {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]entity.HostStatus, 0, len(s.status))
	for _, st := range s.status {
		out = append(out, st)
	}
	return out
}

// HostStatus returns the status of one target.
func (s *Sampler) HostStatus(host string) (entity.HostStatus, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, ok := s.status[host]
	return st, ok
}

// SetPaused pauses or resumes polling of one host ("" for all hosts).
func (s *Sampler) SetPaused(host string, paused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if host == "" {
		s.pauseAll = paused
		return
	}
	s.paused[host] = paused
}

// Paused reports whether host ("" for all) is paused.
func (s *Sampler) Paused(host string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.pauseAll || (host != "" && s.paused[host])
}

// Refresh asks every target to poll now instead of waiting for its tick.
func (s *Sampler) Refresh() {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, k := range s.kick {
		select {
		case k <- struct{}{}:
		default:
		}
	}
}

// Run polls every target until ctx is cancelled, then waits for the pollers
// to stop.
func (s *Sampler) Run(ctx context.Context, targets []Target) {
	// A new run (after a reload) forgets the hosts it no longer polls.
	s.mu.Lock()
	keep := map[string]bool{}
	for _, t := range targets {
		keep[t.Name] = true
	}
	for name := range s.status {
		if !keep[name] {
			delete(s.status, name)
			delete(s.kick, name)
		}
	}
	s.mu.Unlock()
	var wg sync.WaitGroup
	for _, t := range targets {
		kick := make(chan struct{}, 1)
		s.mu.Lock()
		s.status[t.Name] = entity.HostStatus{Host: t.Name, State: entity.StatePending}
		s.kick[t.Name] = kick
		s.mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.poll(ctx, t, kick)
		}()
	}
	wg.Wait()
}

func (s *Sampler) poll(ctx context.Context, t Target, kick <-chan struct{}) {
	interval := t.Interval
	if interval <= 0 {
		interval = 10 * time.Second
	}
	// A timeout longer than the interval is honoured: polls never overlap,
	// the next one waits for the previous to end (see nextPoll).
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = interval
	}
	limit := t.FailLimit
	if limit <= 0 {
		limit = 3
	}
	log := s.log.With("host", t.Name)
	wait := time.NewTimer(0)
	defer wait.Stop()
	backoff := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-wait.C:
		case <-kick:
			backoff = 0
		}
		start := time.Now()
		warm := false
		if !s.Paused(t.Name) && backoff == 0 {
			backoff, warm = s.pollOnce(ctx, t, timeout, limit, log)
		} else if backoff > 0 {
			backoff--
		} else {
			s.update(t.Name, func(st *entity.HostStatus) { st.State = entity.StatePaused })
		}
		if ctx.Err() != nil {
			return
		}
		wait.Reset(time.Until(nextPoll(start, time.Now(), interval, warm)))
	}
}

// nextPoll returns when the poll after one that ran from start to end
// begins: at start + interval, or, when the poll overran that, at the first
// start + k×interval strictly after its end, so that one slow poll is
// followed by one poll, not by a burst of polls that were due meanwhile
// (each of which would count as a failure of its own). warm (the snapshot
// had no rates yet) brings the next poll to WarmUp after the end, when that
// is sooner, so that the gap left by a first reading is short.
func nextPoll(start, end time.Time, interval time.Duration, warm bool) time.Time {
	next := start.Add(interval)
	if !next.After(end) {
		k := end.Sub(start)/interval + 1
		next = start.Add(k * interval)
	}
	if w := end.Add(WarmUp); warm && w.Before(next) {
		next = w
	}
	return next
}

// pollOnce polls t once and returns how many ticks to skip before the next
// poll: errors that will not heal by themselves (an untrusted or changed
// host key, failed authentication) are retried slowly, with capped
// exponential back-off in ticks. warm is true when the poll succeeded
// without rates (a first reading). A poll counts as at most one failure.
//
// Every snapshot passes Sanitize: one with impossible values fails the
// poll with an error naming the field (a protocol error of the host).
func (s *Sampler) pollOnce(ctx context.Context, t Target, timeout time.Duration, limit int, log *slog.Logger) (skip int, warm bool) {
	pctx, cancel := context.WithTimeout(ctx, timeout)
	start := time.Now()
	snap, err := t.Collector.Collect(pctx)
	cancel()
	if ctx.Err() != nil {
		return 0, false
	}
	if err == nil {
		if verr := Sanitize(&snap); verr != nil {
			snap, err = entity.Snapshot{}, &PollError{Kind: entity.KindProtocol, Err: fmt.Errorf("%s: %w", t.Name, verr)}
		}
	}
	end := time.Now()
	var st entity.HostStatus
	s.update(t.Name, func(h *entity.HostStatus) {
		h.LastPoll, h.Duration = end, end.Sub(start)
		if err == nil {
			h.State, h.LastOK, h.LastError, h.ErrorKind, h.Failures = entity.StateOK, end, "", entity.KindUnknown, 0
		} else {
			h.Failures++
			h.LastError, h.ErrorKind = err.Error(), KindOf(err)
			switch h.ErrorKind {
			case entity.KindUntrusted:
				h.State = entity.StateUntrusted
			case entity.KindKeyChanged:
				h.State = entity.StateKeyChanged
			default:
				if h.Failures >= limit {
					h.State = entity.StateUnreachable
				} else {
					h.State = entity.StateFailing
				}
			}
			switch h.ErrorKind {
			case entity.KindUntrusted, entity.KindKeyChanged, entity.KindAuth:
				skip = min(1<<min(h.Failures, 6), 60) - 1
			}
		}
		st = *h
	})
	if err != nil {
		log.Warn("poll failed", "err", err, "failures", st.Failures, "state", st.State)
		if s.gap != nil {
			s.gap(t.Name, end)
		}
	} else {
		if snap.Host == "" {
			snap.Host = t.Name
		}
		if aerr := s.store.Append(snap); aerr != nil {
			log.Error("store append", "err", aerr)
		}
	}
	s.mu.RLock()
	obs := s.observers
	s.mu.RUnlock()
	for _, o := range obs {
		o(st, snap, err == nil)
	}
	return skip, err == nil && snap.RatesUnknown
}

func (s *Sampler) update(host string, f func(*entity.HostStatus)) {
	s.mu.Lock()
	st := s.status[host]
	st.Host = host
	f(&st)
	s.status[host] = st
	s.mu.Unlock()
}
