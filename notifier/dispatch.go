package notifier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"lookout/notifier/outbox"
)

// Target is a channel with its dispatch settings.
type Target struct {
	Channel Channel
	// SendResolved sends the all-clear of a resolved alert.
	SendResolved bool
	// Reports makes the channel receive reports sent without naming
	// channels.
	Reports bool
	// Limit, when N > 0, replaces the channel's own rate limit.
	Limit Limit
}

// Options configure a Dispatcher.
type Options struct {
	// Outbox holds every message until its service accepts it. Required.
	Outbox *outbox.Outbox
	Routes []Route
	// Queue bounds each channel's queue (DefaultMaxMessages and
	// DefaultMaxAge when zero).
	Queue QueueLimits
	// Backoff is the retry policy (DefaultBackoff when zero).
	Backoff Backoff
	// SendTimeout bounds one delivery attempt (default 30 s).
	SendTimeout time.Duration
	// Group gathers each channel's rounds of alerts into few messages
	// (group_wait, group_interval); the zero value sends every round as
	// it comes.
	Group Grouping
	// Clock is the time source (RealClock when nil).
	Clock Clock
	Log   *slog.Logger
	// OnStatus, when set, is called after every delivery attempt with the
	// channel's new status (from the channel's goroutine).
	OnStatus func(channel string, s Status)
}

// Status is what the window shows on a channel.
type Status struct {
	// LastOK is the last successful delivery.
	LastOK time.Time
	// LastError is the last failure in the service's words ("" after a
	// success) and LastErrorAt its time; Permanent tells that retrying
	// will not help (a bad key, a refused signature).
	LastError   string
	LastErrorAt time.Time
	Permanent   bool
}

// Dispatcher routes, groups, queues and delivers messages. Create it with
// NewDispatcher, start delivery with Run, and hand it alerts with Notify
// and reports with SendReport.
type Dispatcher struct {
	opts    Options
	targets map[string]*worker
	order   []string
	log     *slog.Logger
	clock   Clock
	// fired records which channels were sent each alert's firing.
	fired *fired
}

type worker struct {
	d      *Dispatcher
	target Target
	name   string
	wake   chan struct{}
	limits []*window
	// blocked is when the service said we may send again (retry_after).
	blocked time.Time
	rnd     *rand.Rand
	// index is what the worker knows of its queued messages, by ID (only
	// its goroutine touches it).
	index map[string]queued
	// lastGroup is when the worker last sent a group of alerts; groupDue
	// when the rounds it holds back may go (zero: none held).
	lastGroup, groupDue time.Time

	mu     sync.Mutex
	status Status
}

// NewDispatcher returns a dispatcher for targets. Channel names must be
// unique.
func NewDispatcher(opts Options, targets ...Target) (*Dispatcher, error) {
	if opts.Outbox == nil {
		return nil, errors.New("notifier: a dispatcher needs an outbox")
	}
	if opts.Backoff.Attempts == 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.Queue.MaxMessages == 0 {
		opts.Queue.MaxMessages = DefaultMaxMessages
	}
	if opts.Queue.MaxAge == 0 {
		opts.Queue.MaxAge = DefaultMaxAge
	}
	if opts.SendTimeout == 0 {
		opts.SendTimeout = 30 * time.Second
	}
	if opts.Clock == nil {
		opts.Clock = RealClock
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	d := &Dispatcher{opts: opts, targets: map[string]*worker{}, log: opts.Log, clock: opts.Clock}
	ob := opts.Outbox
	load := func() ([]byte, error) { return ob.ReadState(firedFile) }
	save := func(b []byte) error { return ob.WriteState(firedFile, b) }
	f, err := newFired(load, save, opts.Clock.Now())
	if err != nil {
		// A damaged record must not stop the alerts: start afresh.
		opts.Log.Warn("the record of which channels were sent which alert is unreadable; starting afresh", "err", err)
		f, _ = newFired(func() ([]byte, error) { return nil, nil }, save, opts.Clock.Now())
	}
	d.fired = f
	for _, t := range targets {
		name := t.Channel.Name()
		if _, dup := d.targets[name]; dup {
			return nil, fmt.Errorf("notifier: channel %q is defined twice", name)
		}
		ls := []Limit{t.Limit}
		if t.Limit.N == 0 {
			if lim, ok := t.Channel.(Limiter); ok {
				ls = lim.RateLimits()
			}
		}
		var ws []*window
		for _, l := range ls {
			ws = append(ws, &window{limit: l})
		}
		d.targets[name] = &worker{d: d, target: t, name: name, wake: make(chan struct{}, 1),
			limits: ws, index: map[string]queued{}, rnd: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(len(d.order))))}
		d.order = append(d.order, name)
	}
	for i, r := range opts.Routes {
		for _, c := range r.Channels {
			if _, ok := d.targets[c]; !ok {
				return nil, fmt.Errorf("notifier: route %d names channel %q, which is not configured", i+1, c)
			}
		}
	}
	return d, nil
}

// Channels returns the names of the dispatcher's channels in order.
func (d *Dispatcher) Channels() []string { return append([]string(nil), d.order...) }

// QueueLimits returns the bounds of each channel's queue.
func (d *Dispatcher) QueueLimits() QueueLimits { return d.opts.Queue }

// Channel returns the named channel.
func (d *Dispatcher) Channel(name string) (Channel, bool) {
	w, ok := d.targets[name]
	if !ok {
		return nil, false
	}
	return w.target.Channel, true
}

// Status returns a channel's delivery status.
func (d *Dispatcher) Status(channel string) Status {
	w, ok := d.targets[channel]
	if !ok {
		return Status{}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status
}

// Route returns the channels that alert a goes to.
func (d *Dispatcher) Route(a Alert) []string {
	if len(d.opts.Routes) == 0 {
		return d.Channels()
	}
	set := map[string]bool{}
	for _, r := range d.opts.Routes {
		if r.Match(a) {
			for _, c := range r.Channels {
				set[c] = true
			}
		}
	}
	var out []string
	for _, c := range d.order {
		if set[c] {
			out = append(out, c)
		}
	}
	return out
}

// Notify queues the alerts of one evaluation round: each channel gets ONE
// message holding every alert routed to it. A resolved alert goes to its
// routes and to every channel that was sent its firing (at any severity),
// as recorded in the outbox's directory. It returns once the messages are
// on disk; delivery happens in Run. It returns the IDs queued.
func (d *Dispatcher) Notify(ctx context.Context, alerts []Alert) ([]string, error) {
	per := map[string][]Alert{}
	var errs []error
	d.fired.mu.Lock()
	changed := false
	now := d.clock.Now()
	for _, a := range alerts {
		chans, ch := d.fired.route(a, d.Route(a), now)
		changed = changed || ch
		for _, c := range chans {
			w, ok := d.targets[c]
			if !ok || (a.Resolved && !w.target.SendResolved) {
				continue
			}
			per[c] = append(per[c], a)
		}
	}
	if changed {
		if err := d.fired.write(); err != nil {
			errs = append(errs, err)
		}
	}
	d.fired.mu.Unlock()
	var ids []string
	for _, c := range d.order {
		if len(per[c]) == 0 {
			continue
		}
		id, err := d.enqueue(c, &Message{Kind: KindAlert, Alerts: per[c]})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, id)
	}
	return ids, errors.Join(errs...)
}

// SendReport queues a report for the named channels, or, when none are
// named, for every channel that takes reports.
func (d *Dispatcher) SendReport(ctx context.Context, r Report, channels ...string) ([]string, error) {
	if len(channels) == 0 {
		for _, c := range d.order {
			if d.targets[c].target.Reports {
				channels = append(channels, c)
			}
		}
	}
	var ids []string
	var errs []error
	for _, c := range channels {
		if _, ok := d.targets[c]; !ok {
			errs = append(errs, fmt.Errorf("notifier: no channel %q", c))
			continue
		}
		id, err := d.enqueue(c, &Message{Kind: KindReport, Report: &r})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, id)
	}
	return ids, errors.Join(errs...)
}

// Enqueue queues a message as it is for one channel (a test message, say).
func (d *Dispatcher) Enqueue(channel string, m *Message) (string, error) {
	if _, ok := d.targets[channel]; !ok {
		return "", fmt.Errorf("notifier: no channel %q", channel)
	}
	return d.enqueue(channel, m)
}

func (d *Dispatcher) enqueue(channel string, m *Message) (string, error) {
	ob := d.opts.Outbox
	m.ID = ob.NewID()
	if m.Created.IsZero() {
		m.Created = d.clock.Now()
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("notifier: %w", err)
	}
	// The entry's Created is when it was queued: what the queue's age
	// limit measures (a message may carry an older time of its own).
	e := outbox.Entry{ID: m.ID, Channel: channel, Created: d.clock.Now(), Summary: Summary(m), Payload: b}
	if err := ob.Put(e); err != nil {
		return "", err
	}
	d.targets[channel].poke()
	return m.ID, nil
}

// Summary is a one-line description of m for lists and logs.
func Summary(m *Message) string {
	switch m.Kind {
	case KindAlert:
		state := m.Severity().String()
		if m.Resolved() {
			state = "resolved"
		}
		var rules []string
		for _, a := range m.Alerts {
			rules = append(rules, a.Host+"/"+a.Rule)
		}
		if len(rules) > 3 {
			rules = append(rules[:3], fmt.Sprintf("+%d", len(m.Alerts)-3))
		}
		return fmt.Sprintf("%s: %d alert(s): %s", state, len(m.Alerts), strings.Join(rules, ", "))
	case KindReport:
		return fmt.Sprintf("report: %d host(s)", len(m.Report.Hosts))
	}
	return "test: " + m.Title
}

// Wake makes every channel look at its queue again now (after `lookout
// outbox --retry`, or when the network comes back).
func (d *Dispatcher) Wake() {
	for _, w := range d.targets {
		w.poke()
	}
}

// Run delivers queued messages (those left from an earlier run first)
// until ctx ends. It takes the outbox's lock, so only one process
// delivers from it.
func (d *Dispatcher) Run(ctx context.Context) error {
	if err := d.opts.Outbox.Lock(); err != nil {
		return err
	}
	defer d.opts.Outbox.Close()
	d.warnOrphans()
	var wg sync.WaitGroup
	for _, name := range d.order {
		w := d.targets[name]
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.run(ctx)
		}()
	}
	wg.Wait()
	return nil
}

// warnOrphans logs queued messages of channels that are no longer
// configured: they stay in the outbox, visible with `lookout outbox`.
func (d *Dispatcher) warnOrphans() {
	chans, err := d.opts.Outbox.Channels()
	if err != nil {
		d.log.Warn("outbox unreadable", "err", err)
		return
	}
	for _, c := range chans {
		if _, ok := d.targets[c]; !ok {
			d.log.Warn("queued messages for a channel that is no longer configured; see lookout outbox", "channel", c)
		}
	}
}

func (w *worker) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// rescan is how often an idle worker looks at its queue without being
// woken (to see messages another process put back with --retry).
const rescan = time.Minute

func (w *worker) run(ctx context.Context) {
	clock := w.d.clock
	started := clock.Now()
	for ctx.Err() == nil {
		e, m, ok, err := w.next()
		if err != nil {
			w.d.log.Error("outbox unreadable", "channel", w.name, "err", err)
			w.sleep(ctx, rescan)
			continue
		}
		if !ok {
			w.sleep(ctx, w.idle())
			continue
		}
		parts := 1
		if p, ok := w.target.Channel.(Parter); ok {
			parts = max(1, p.Parts(m)-m.PartsSent)
		}
		now := clock.Now()
		at := now
		for _, l := range w.limits {
			if t := l.nextN(now, parts); t.After(at) {
				at = t
			}
		}
		if next := e.NextAttempt; next.After(at) {
			// A wait stored by an earlier run (or another configuration)
			// is never longer than this run's longest backoff.
			if lim := started.Add(w.d.opts.Backoff.Max); next.After(lim) {
				next = lim
			}
			at = next
		}
		if w.blocked.After(at) {
			at = w.blocked
		}
		if at.After(now) {
			wait := at.Sub(now)
			if !w.groupDue.IsZero() {
				wait = max(0, min(wait, w.groupDue.Sub(now)))
			}
			w.sleep(ctx, wait)
			continue // look again: the queue may have changed
		}
		w.deliver(ctx, e, m)
	}
}

// next brings the worker's picture of its queue up to date with the
// outbox (messages queued by Notify, put back by `lookout outbox
// --retry`, dropped by --drop), moves the messages planQueue drops to the
// dead letters, and returns the message to deliver next.
func (w *worker) next() (outbox.Entry, *Message, bool, error) {
	ob, log := w.d.opts.Outbox, w.d.log
	names, err := ob.IDs(w.name)
	if err != nil {
		return outbox.Entry{}, nil, false, err
	}
	on := make(map[string]bool, len(names))
	for _, id := range names {
		on[id] = true
		if _, known := w.index[id]; known {
			continue
		}
		e, m, err := w.read(id)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return outbox.Entry{}, nil, false, err
		}
		if m == nil {
			continue // undecodable, moved to the dead letters
		}
		w.index[id] = describe(e, m)
	}
	for id := range w.index {
		if !on[id] {
			delete(w.index, id)
		}
	}
	list := make([]queued, 0, len(w.index))
	for _, q := range w.index {
		list = append(list, q)
	}
	order, drops := planQueue(list, w.d.clock.Now(), w.d.opts.Queue)
	for _, dr := range drops {
		delete(w.index, dr.ID)
		e, err := ob.Get(w.name, dr.ID)
		if err != nil {
			continue // delivered or dropped meanwhile
		}
		log.Warn("queued message moved to the dead letters", "channel", w.name, "id", dr.ID, "reason", dr.Reason)
		if kerr := ob.Kill(e, dr.Reason); kerr != nil {
			log.Error("outbox", "channel", w.name, "err", kerr)
		}
	}
	if g := w.d.opts.Group; g.enabled() {
		var fresh []string
		var oldest time.Time
		rest := order[:0:0]
		for _, q := range order {
			if !q.Fresh {
				rest = append(rest, q)
				continue
			}
			if len(fresh) == 0 || q.Created.Before(oldest) {
				oldest = q.Created
			}
			fresh = append(fresh, q.ID)
		}
		w.groupDue = time.Time{}
		if len(fresh) > 0 {
			now := w.d.clock.Now()
			if due := g.due(oldest, w.lastGroup); now.Before(due) {
				w.groupDue = due
				order = rest // held back: the others go meanwhile
			} else {
				slices.Sort(fresh)
				if err := w.flushGroup(fresh, now); err != nil {
					return outbox.Entry{}, nil, false, err
				}
				w.lastGroup = now
				return w.next() // the group messages are queued now
			}
		}
	}
	for _, q := range order {
		e, m, err := w.read(q.ID)
		if errors.Is(err, fs.ErrNotExist) {
			delete(w.index, q.ID)
			continue
		}
		if err != nil {
			return outbox.Entry{}, nil, false, err
		}
		if m == nil {
			delete(w.index, q.ID)
			continue
		}
		w.index[q.ID] = describe(e, m)
		return e, m, true, nil
	}
	return outbox.Entry{}, nil, false, nil
}

// read reads a queued entry and decodes its message; an undecodable one
// is moved to the dead letters (and m is nil).
func (w *worker) read(id string) (outbox.Entry, *Message, error) {
	ob := w.d.opts.Outbox
	e, err := ob.Get(w.name, id)
	if err != nil {
		return e, nil, err
	}
	var m Message
	if err := json.Unmarshal(e.Payload, &m); err != nil {
		w.d.log.Error("undecodable message moved to the dead letters", "channel", w.name, "id", e.ID, "err", err)
		ob.Kill(e, "undecodable: "+err.Error())
		return e, nil, nil
	}
	return e, &m, nil
}

// idle is how long a worker with nothing to send sleeps: until its held
// back alerts are due, at most rescan.
func (w *worker) idle() time.Duration {
	if w.groupDue.IsZero() {
		return rescan
	}
	return max(0, min(rescan, w.groupDue.Sub(w.d.clock.Now())))
}

func (w *worker) sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-w.wake:
	case <-w.d.clock.After(d):
	}
}

func (w *worker) deliver(ctx context.Context, e outbox.Entry, m *Message) {
	ob, clock, log := w.d.opts.Outbox, w.d.clock, w.d.log
	sent := m.PartsSent
	sctx, cancel := context.WithTimeout(ctx, w.d.opts.SendTimeout)
	retryable, err := w.target.Channel.Send(sctx, m)
	cancel()
	now := clock.Now()
	// Count the requests made: the parts accepted, and the one that
	// failed.
	reqs := m.PartsSent - sent
	if err != nil {
		reqs++
	}
	for range max(1, reqs) {
		for _, l := range w.limits {
			l.take(now)
		}
	}
	if err == nil {
		if derr := ob.Delivered(e); derr != nil {
			log.Error("delivered, but the outbox could not forget the message; it may be sent again", "channel", w.name, "id", e.ID, "err", derr)
		}
		log.Debug("delivered", "channel", w.name, "id", e.ID)
		w.setStatus(func(s *Status) { *s = Status{LastOK: now} })
		return
	}
	if ctx.Err() != nil {
		// Shutting down: this attempt does not count. Keep progress.
		if m.PartsSent != sent {
			e.Payload, _ = json.Marshal(m)
			ob.Update(e)
		}
		return
	}
	msg := err.Error()
	if m.PartsSent != sent {
		e.Payload, _ = json.Marshal(m)
	}
	e.Attempts++
	e.LastError = msg
	w.setStatus(func(s *Status) {
		s.LastError, s.LastErrorAt, s.Permanent = msg, now, !retryable
	})
	switch {
	case !retryable:
		log.Error("delivery refused; message moved to the dead letters", "channel", w.name, "id", e.ID, "err", msg)
		if kerr := ob.Kill(e, msg); kerr != nil {
			log.Error("outbox", "channel", w.name, "err", kerr)
		}
	case e.Attempts >= w.d.opts.Backoff.Attempts:
		log.Error("delivery failed too often; message moved to the dead letters", "channel", w.name, "id", e.ID, "attempts", e.Attempts, "err", msg)
		if kerr := ob.Kill(e, msg); kerr != nil {
			log.Error("outbox", "channel", w.name, "err", kerr)
		}
	default:
		delay := w.d.opts.Backoff.Delay(e.Attempts, w.rnd)
		if ra := RetryAfter(err); ra > 0 {
			w.blocked = now.Add(ra)
			delay = max(delay, ra)
		}
		e.NextAttempt = now.Add(delay)
		log.Warn("delivery failed; will retry", "channel", w.name, "id", e.ID, "attempt", e.Attempts, "retry_in", delay.Round(time.Millisecond), "err", msg)
		if uerr := ob.Update(e); uerr != nil {
			log.Error("outbox", "channel", w.name, "err", uerr)
		}
	}
}

func (w *worker) setStatus(f func(*Status)) {
	w.mu.Lock()
	f(&w.status)
	s := w.status
	w.mu.Unlock()
	if w.d.opts.OnStatus != nil {
		w.d.opts.OnStatus(w.name, s)
	}
}
