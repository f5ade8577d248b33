package alert

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"lookout/engine"
	"lookout/entity"
	"lookout/internal/paths"
)

const (
	// HistoryWindow is how much of a metric an event carries.
	HistoryWindow = 5 * time.Minute
	// TopProcs is how many processes by CPU and by memory an event carries.
	TopProcs = 5
	// recentCap is how many recorded events Recent keeps in memory.
	recentCap = 500
	// maxHeldResolutions bounds the resolutions a long silence holds for
	// its end.
	maxHeldResolutions = 1000
)

// Options are the engine's optional parts.
type Options struct {
	// Dir holds the event log and the silences file; default paths.State().
	Dir string
	// Clock tells the time; default the system clock.
	Clock Clock
	Log   *slog.Logger
}

// Settings is what the engine takes from the configuration, as plain
// values: the caller (lookout/monitor's AlertSettings) builds it from a
// config.Config, so that the engine does not depend on the configuration's
// format.
type Settings struct {
	// Hosts are the configured hosts. Alerts of other hosts are resolved.
	Hosts []string
	// Rules returns the rules in force for a host, configured or not (a
	// host seen in a poll but not configured gets the global rules). Nil
	// means no rules.
	Rules func(host string) entity.RuleSet
	// Silences are the configured maintenance windows.
	Silences []Silence
}

func (s Settings) rulesFor(host string) entity.RuleSet {
	if s.Rules == nil {
		return entity.RuleSet{}
	}
	return s.Rules(host)
}

// Engine evaluates the alert rules of every host. Feed it every poll with
// Observe (it fits engine.Sampler.Observe) and call Evaluate once per tick
// (Run does); the events of a tick are recorded in the event log and the
// ones to send go to the sink together. It is safe for concurrent use.
type Engine struct {
	clock       Clock
	log         *slog.Logger
	store       engine.Store
	sink        Sink
	evlog       *Log
	silencePath string

	evalMu sync.Mutex // one Evaluate at a time, so the log keeps event order

	mu          sync.Mutex
	hosts       map[string]*hostState
	order       []*hostState // by name: events come out in a stable order
	configured  map[string]bool
	set         Settings
	cfgSilences []Silence
	rtSilences  []Silence
	silStamp    fileStamp
	pending     []Event // made outside a round (restore, reload); sent with the next
	heldRes     []Event // resolutions of sent alerts held by a silence: sent when it ends
	recent      []Event
}

// hostState is what the engine knows of one host.
type hostState struct {
	name   string
	pol    *policy
	status entity.HostStatus
	down   bool // unreachable or key changed: its other rules are held
	topCPU []entity.ProcStat
	topMem []entity.ProcStat
	tracks map[string]*track
	list   []*track // by key
}

type fileStamp struct {
	mod  time.Time
	size int64
}

// New starts an engine with the settings set. It opens
// the event log in opt.Dir and restores every alert that was open when
// the last run ended, so that a firing alert stays firing: no second
// "firing" event and, when it clears, one "resolved". Alerts of hosts or
// rules no longer configured are resolved at the first Evaluate. store
// gives events their history; sink may be nil (events are only recorded).
func New(set Settings, store engine.Store, sink Sink, opt Options) (*Engine, error) {
	e := &Engine{clock: opt.Clock, log: opt.Log, store: store, sink: sink, hosts: map[string]*hostState{}}
	if e.clock == nil {
		e.clock = SystemClock
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	dir := opt.Dir
	if dir == "" {
		var err error
		if dir, err = paths.State(); err != nil {
			return nil, err
		}
	}
	now := e.clock.Now()
	lg, events, err := OpenLog(filepath.Join(dir, LogFile), now, e.log)
	if err != nil {
		return nil, err
	}
	e.evlog = lg
	e.silencePath = filepath.Join(dir, SilencesFile)
	if err := e.loadSilences(); err != nil {
		e.log.Warn("alert: silences not loaded", "err", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.applySettings(set, now)
	e.restore(events, now)
	if n := len(events); n > recentCap {
		events = events[n-recentCap:]
	}
	e.recent = append(e.recent, events...)
	return e, nil
}

// Close closes the event log.
func (e *Engine) Close() error { return e.evlog.Close() }

// LogPath returns the event log's file name.
func (e *Engine) LogPath() string { return e.evlog.Path() }

// Reload takes new settings: new thresholds apply from the next
// sample; alerts of rules turned off and of hosts removed are resolved at
// the next Evaluate.
func (e *Engine) Reload(set Settings) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.applySettings(set, e.clock.Now())
}

func (e *Engine) applySettings(set Settings, now time.Time) {
	e.set = set
	e.cfgSilences = slices.Clone(set.Silences)
	e.configured = map[string]bool{}
	for _, name := range set.Hosts {
		e.configured[name] = true
		e.host(name)
	}
	for name, h := range e.hosts {
		if !e.configured[name] {
			for _, t := range h.list {
				if t.a != nil {
					e.pending = append(e.pending, e.event(h, t, KindResolved, now, SeverityNone, "the host is no longer configured"))
				}
			}
			delete(e.hosts, name)
			continue
		}
		h.pol = newPolicy(set.rulesFor(name))
		keep := h.list[:0]
		for _, t := range h.list {
			r := h.pol.ruleFor(t.key)
			if r == nil || !r.Enabled {
				if t.a != nil {
					e.pending = append(e.pending, e.event(h, t, KindResolved, now, SeverityNone, "the rule was turned off"))
				}
				delete(h.tracks, t.key)
				continue
			}
			t.setRule(r)
			keep = append(keep, t)
		}
		h.list = keep
	}
	e.sortHosts()
}

func (e *Engine) sortHosts() {
	e.order = e.order[:0]
	for _, h := range e.hosts {
		e.order = append(e.order, h)
	}
	sort.Slice(e.order, func(i, j int) bool { return e.order[i].name < e.order[j].name })
}

// host returns the state of a host, making it (with the rules the
// configuration gives that name) on first sight.
func (e *Engine) host(name string) *hostState {
	h, ok := e.hosts[name]
	if !ok {
		h = &hostState{name: name, pol: newPolicy(e.set.rulesFor(name)), tracks: map[string]*track{}}
		e.hosts[name] = h
		e.sortHosts()
	}
	return h
}

func (h *hostState) add(t *track) {
	h.tracks[t.key] = t
	i, _ := slices.BinarySearchFunc(h.list, t.key, func(x *track, k string) int {
		switch {
		case x.key < k:
			return -1
		case x.key > k:
			return 1
		}
		return 0
	})
	h.list = slices.Insert(h.list, i, t)
}

// restore reopens the alerts the log says are open.
func (e *Engine) restore(events []Event, now time.Time) {
	notified := map[string]bool{}
	acked := map[string]bool{}
	flapping := map[string]bool{}
	lastNotice := map[string]time.Time{}
	heldBy := map[string]string{} // the silence that held the alert's latest notice
	sentSev := map[string]Severity{}
	heldRes := map[string]Event{}
	var resOrder []string
	for _, ev := range events {
		if ev.Sent {
			notified[ev.ID] = true
		}
		switch ev.Kind {
		case KindAcknowledged:
			acked[ev.ID] = true
			continue
		case KindFlapping:
			flapping[ev.ID] = true
		case KindFiring:
			flapping[ev.ID] = false
		case KindResolved:
			if _, ok := heldRes[ev.ID]; ok && ev.Sent {
				delete(heldRes, ev.ID) // sent when its silence ended
			} else if !ev.Sent && ev.Silence != "" && notified[ev.ID] {
				heldRes[ev.ID] = ev
				resOrder = append(resOrder, ev.ID)
			}
			continue
		}
		lastNotice[ev.ID] = ev.At
		if ev.Sent {
			heldBy[ev.ID], sentSev[ev.ID] = "", ev.Severity
		} else if ev.Silence != "" {
			heldBy[ev.ID] = ev.Silence
		}
	}
	for _, id := range resOrder {
		if ev, ok := heldRes[id]; ok {
			e.heldRes = append(e.heldRes, ev)
			delete(heldRes, id)
		}
	}
	for _, ev := range ActiveFrom(events) {
		a := &openAlert{id: ev.ID, start: ev.Start, sev: ev.Severity, peak: ev.Peak, notified: notified[ev.ID],
			lastNotice: lastNotice[ev.ID], flapping: flapping[ev.ID], acked: acked[ev.ID],
			mutedBy: heldBy[ev.ID], held: heldBy[ev.ID] != "", sentSev: sentSev[ev.ID]}
		h, ok := e.hosts[ev.Host]
		var r *Rule
		if ok {
			r = h.pol.ruleFor(ev.Key)
		}
		if !ok || r == nil || !r.Enabled {
			note := "the rule was turned off"
			if !ok {
				note = "the host is no longer configured"
			}
			res := ev
			res.Kind, res.PrevSeverity, res.At, res.Duration, res.Note = KindResolved, "", now, now.Sub(ev.Start), note
			res.Sent, res.Silence, res.History, res.TopCPU, res.TopMem = a.notified, "", nil, nil, nil
			e.pending = append(e.pending, res)
			continue
		}
		t := newTrack(ev.Key, r)
		t.sev, t.a, t.note = ev.Severity, a, ev.Note
		if t.sev == SeverityNone {
			t.sev = SeverityWarning
		}
		if a.flapping {
			t.lastFlip = ev.At
		}
		h.add(t)
	}
}

// Observe takes the outcome of one poll of a host; it has the signature
// of engine.Observer. It only records samples: rules run in Evaluate.
func (e *Engine) Observe(st entity.HostStatus, snap entity.Snapshot, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	name := st.Host
	if name == "" {
		name = snap.Host
	}
	h := e.host(name)
	h.status = st
	at := st.LastPoll
	if ok && !snap.Time.IsZero() {
		at = snap.Time
	}
	if at.IsZero() {
		at = e.clock.Now()
	}
	if !verdict(st.State) {
		// No verdict on the host yet: a poll failed fewer than fail_limit
		// times in a row, as after every start or reload, when the count
		// begins again. An outage that goes on stays one outage.
		return
	}
	e.condition(h, entity.RuleUnreachable, st.State == entity.StateUnreachable, at, st.LastError)
	e.condition(h, entity.RuleKeyChanged, st.State == entity.StateKeyChanged, at, st.LastError)
	down := st.State == entity.StateUnreachable || st.State == entity.StateKeyChanged
	if down && !h.down {
		for _, t := range h.list {
			if !t.host {
				t.reset()
			}
		}
	}
	h.down = down
	if down || !ok {
		return
	}
	h.topCPU = firstN(snap.Procs.TopCPU, TopProcs)
	h.topMem = firstN(snap.Procs.TopMem, TopProcs)
	for _, name := range []string{entity.RuleCPU, entity.RuleMem, entity.RuleSwap, entity.RuleLoad,
		entity.RuleNetRx, entity.RuleNetTx, entity.RuleTemp} {
		sp := specs[name]
		if _, failed := snap.Errors[sp.part]; failed {
			continue
		}
		if snap.RatesUnknown && entity.RateMetric(sp.metric) {
			continue // a first reading has no rate yet: held, not "no longer reported"
		}
		v, has := snap.Value(sp.metric)
		switch {
		case name == entity.RuleMem && snap.Mem.TotalBytes == 0,
			name == entity.RuleSwap && snap.Swap.TotalBytes == 0:
			has = false
		}
		if has && !math.IsNaN(v) {
			e.sample(h, name, v, at, "")
		} else if t := h.tracks[name]; t != nil {
			t.absent(absentLimit) // no data: not a 0
		}
	}
	if _, failed := snap.Errors["disks"]; !failed {
		for _, d := range snap.Disks {
			e.sample(h, "disk:"+d.Mount, d.Percent, at, "")
		}
		for _, t := range h.list {
			if t.rule == entity.RuleDisk && !slices.ContainsFunc(snap.Disks, func(d entity.DiskStat) bool { return "disk:"+d.Mount == t.key }) {
				t.gone = true
			}
		}
	}
	if _, failed := snap.Errors["procs"]; !failed {
		for _, p := range snap.Procs.Missing {
			e.sample(h, "process:"+p, 1, at, p+" is not running")
		}
		for _, t := range h.list {
			if t.rule == entity.RuleProcess && !slices.Contains(snap.Procs.Missing, t.key[len("process:"):]) {
				t.push(0, at)
			}
		}
	}
}

// absentLimit is how many successful polls in a row must lack a series
// before its rule takes it as gone (and resolves its alert). One absent
// reading is no data: the first reading after a start has no rates.
const absentLimit = 3

// verdict reports whether a host state says whether the host is reachable
// and its key the known one.
func verdict(s entity.HostState) bool {
	switch s {
	case entity.StateFailing, entity.StatePending, entity.StatePaused:
		return false
	}
	return true
}

// condition records a host-level condition; a track is only made once it
// is first true.
func (e *Engine) condition(h *hostState, name string, on bool, at time.Time, note string) {
	if t := h.tracks[name]; t != nil || on {
		v := 0.0
		if on {
			v = 1
		}
		e.sample(h, name, v, at, note)
	}
}

func (e *Engine) sample(h *hostState, key string, v float64, at time.Time, note string) {
	t := h.tracks[key]
	if t == nil {
		r := h.pol.ruleFor(key)
		if r == nil || !r.Enabled {
			return
		}
		t = newTrack(key, r)
		h.add(t)
	}
	t.push(v, at)
	if note != "" || t.cond {
		t.note = note
	}
}

// Evaluate runs every rule of every host at now, records the events in
// the event log and hands the ones to send to the sink, in one call. It
// returns every event recorded, sent or not.
func (e *Engine) Evaluate(ctx context.Context, now time.Time) []Event {
	e.evalMu.Lock()
	defer e.evalMu.Unlock()
	e.mu.Lock()
	events := e.pending
	e.pending = nil
	events = e.releaseResolutions(now, events)
	for _, h := range e.order {
		events = e.evalHost(h, now, events)
	}
	e.mu.Unlock()
	if len(events) == 0 {
		return nil
	}
	for i := range events {
		ev := &events[i]
		if ev.Metric != "" && e.store != nil && ev.History == nil {
			pts, err := e.store.Range(ev.Host, ev.Metric, ev.At.Add(-HistoryWindow), ev.At, 0)
			if err == nil {
				ev.History = Series(pts)
			}
		}
	}
	if err := e.evlog.Append(events); err != nil {
		e.log.Error("alert: events not recorded", "err", err, "events", len(events))
	}
	e.mu.Lock()
	e.recent = append(e.recent, events...)
	if n := len(e.recent); n > recentCap {
		e.recent = append(e.recent[:0:0], e.recent[n-recentCap:]...)
	}
	e.mu.Unlock()
	var send []Event
	for _, ev := range events {
		e.log.Info("alert", "host", ev.Host, "rule", ev.Key, "kind", ev.Kind, "severity", ev.Severity,
			"value", ev.Value, "sent", ev.Sent)
		if ev.Sent {
			send = append(send, ev)
		}
	}
	if len(send) > 0 && e.sink != nil {
		e.sink.Emit(ctx, send)
	}
	return events
}

func (e *Engine) evalHost(h *hostState, now time.Time, out []Event) []Event {
	dead := 0
	for _, t := range h.list {
		if h.down && !t.host {
			continue // an unreachable host's other rules are held
		}
		if t.gone {
			if t.a != nil {
				out = append(out, e.event(h, t, KindResolved, now, SeverityNone, "no longer reported by the host"))
				t.a = nil
			}
			dead++
			continue
		}
		if t.fresh {
			t.fresh = false
			out = e.stepTrack(h, t, now, out)
		}
		if t.a == nil {
			if len(t.flips) > 0 && now.Sub(t.lastFlip) >= h.pol.flapWindow {
				t.flips = nil
			}
			if t.cond && t.sev == SeverityNone && t.full() && t.avg() == 0 && len(t.flips) == 0 {
				dead++ // a condition that holds no more: drop its track
				t.gone = true
			}
			continue
		}
		silence := e.silencedBy(h.name, t.key, now)
		if silence != "" {
			t.a.mutedBy = silence
		}
		switch {
		case t.a.flapping && now.Sub(t.lastFlip) >= h.pol.flapWindow:
			t.a.flapping = false
			t.flips = nil
			if t.sev != SeverityNone {
				out = append(out, e.event(h, t, KindFiring, now, SeverityNone, "stopped flapping, still firing"))
				t.a.sev = t.sev
			} else {
				out = append(out, e.event(h, t, KindResolved, now, SeverityNone, "stopped flapping"))
				t.a = nil
			}
		case silence != "":
			// Held: reminders wait for the end of the silence.
		case t.a.mutedBy != "":
			out = e.silenceEnded(h, t, now, out)
		case t.a.flapping:
			// Held until it settles.
		case t.sev != SeverityNone && !t.a.acked && t.r.Repeat > 0 && now.Sub(t.a.lastNotice) >= t.r.Repeat:
			out = append(out, e.event(h, t, KindRepeat, now, SeverityNone, ""))
		}
	}
	if dead > 0 {
		keep := h.list[:0]
		for _, t := range h.list {
			if t.gone && t.a == nil {
				delete(h.tracks, t.key)
				continue
			}
			keep = append(keep, t)
		}
		clear(h.list[len(keep):])
		h.list = keep
	}
	return out
}

// stepTrack runs the machine of t on its new samples and turns a change
// into events.
func (e *Engine) stepTrack(h *hostState, t *track, now time.Time, out []Event) []Event {
	prev, changed := t.step()
	if !changed {
		return out
	}
	flapping := t.flip(now, h.pol.flapFlips, h.pol.flapWindow)
	if t.a != nil && t.a.flapping {
		return out // held: one message when it started, one when it settles
	}
	if flapping {
		if t.a == nil {
			t.a = e.open(h, t, now)
		}
		t.a.flapping = true
		sev := t.sev
		if sev == SeverityNone {
			sev = prev
		}
		return append(out, e.event(h, t, KindFlapping, now, sev, fmt.Sprintf("changed state %d times in %s", len(t.flips), h.pol.flapWindow)))
	}
	switch {
	case prev == SeverityNone:
		t.a = e.open(h, t, now)
		return append(out, e.event(h, t, KindFiring, now, SeverityNone, ""))
	case t.sev == SeverityNone:
		ev := e.event(h, t, KindResolved, now, SeverityNone, "")
		t.a = nil
		return append(out, ev)
	}
	ev := e.event(h, t, KindFiring, now, SeverityNone, "")
	ev.PrevSeverity = prev
	t.a.sev = t.sev
	return append(out, ev)
}

func (e *Engine) open(h *hostState, t *track, now time.Time) *openAlert {
	return &openAlert{id: fmt.Sprintf("%s/%s/%d", h.name, t.key, now.UnixMilli()), start: t.since(now), sev: t.sev, peak: t.avg()}
}

// event builds an event of t's open alert and updates what the alert
// remembers of its notices. sev overrides the severity (flapping).
func (e *Engine) event(h *hostState, t *track, kind Kind, now time.Time, sev Severity, note string) Event {
	a := t.a
	if sev == SeverityNone {
		sev = t.sev
		if kind == KindResolved || sev == SeverityNone {
			sev = a.sev
		}
	}
	value := t.avg()
	if t.n == 0 && t.lastAt.IsZero() {
		value = math.NaN()
	}
	sp := specs[t.rule]
	ev := Event{ID: a.id, Kind: kind, Host: h.name, Rule: t.rule, Key: t.key, Metric: metricOf(t.key), Unit: sp.unit,
		Severity: sev, Value: value, Threshold: t.r.threshold(sev), Peak: math.Max(a.peak, value),
		Start: a.start, At: now, Duration: now.Sub(a.start), Note: note,
		TopCPU: h.topCPU, TopMem: h.topMem}
	if math.IsNaN(value) {
		ev.Value, ev.Peak = a.peak, a.peak
	}
	if t.cond {
		ev.Threshold = 1
		if ev.Note == "" && t.note != "" && kind != KindResolved {
			ev.Note = t.note
		}
	}
	ev.Silence = e.silencedBy(h.name, t.key, now)
	ev.Acked = a.acked
	if kind == KindResolved {
		ev.Sent = a.notified && ev.Silence == ""
		if a.notified && ev.Silence != "" {
			if len(e.heldRes) >= maxHeldResolutions {
				e.log.Warn("alert: too many resolutions held by silences, dropping the oldest", "host", e.heldRes[0].Host, "rule", e.heldRes[0].Key)
				e.heldRes = e.heldRes[1:]
			}
			e.heldRes = append(e.heldRes, ev)
		}
		return ev
	}
	a.lastNotice = now
	ev.Sent = ev.Silence == ""
	if ev.Sent {
		a.notified, a.held, a.mutedBy, a.sentSev = true, false, "", sev
	} else {
		a.held, a.mutedBy = true, ev.Silence
	}
	return ev
}

// firstN returns the first n of ps without copying: snapshots are not
// changed once made, and the capacity limit keeps appends off the original.
func firstN(ps []entity.ProcStat, n int) []entity.ProcStat {
	n = min(n, len(ps))
	return ps[:n:n]
}

// ErrNoAlert is returned by Acknowledge for an ID that is not open.
var ErrNoAlert = errors.New("no open alert with that id")

// Acknowledge marks the open alert id as seen by someone (by, for the
// log): its reminders stop until it resolves, and its resolution is still
// sent. The acknowledgement is logged, so it survives a restart.
func (e *Engine) Acknowledge(id, by string) error {
	e.mu.Lock()
	var ev Event
	found := false
	now := e.clock.Now()
	for _, h := range e.order {
		for _, t := range h.list {
			if t.a == nil || t.a.id != id {
				continue
			}
			a := *t.a
			ev = e.event(h, t, KindAcknowledged, now, SeverityNone, "acknowledged")
			*t.a = a // an acknowledgement is not a notice
			t.a.acked = true
			ev.Acked, ev.Sent, ev.TopCPU, ev.TopMem = true, false, nil, nil
			if by != "" {
				ev.Note = "acknowledged by " + by
			}
			found = true
		}
	}
	if found {
		e.recent = append(e.recent, ev)
	}
	e.mu.Unlock()
	if !found {
		return fmt.Errorf("acknowledge %s: %w", id, ErrNoAlert)
	}
	return e.evlog.Append([]Event{ev})
}

// Active returns every open alert as its latest state (without history),
// critical first.
func (e *Engine) Active() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock.Now()
	var out []Event
	for _, h := range e.order {
		for _, t := range h.list {
			if t.a == nil {
				continue
			}
			kind := KindFiring
			if t.a.flapping {
				kind = KindFlapping
			}
			a := *t.a
			ev := e.event(h, t, kind, now, SeverityNone, "")
			*t.a = a // reading is not a notice
			ev.Sent = a.notified
			out = append(out, ev)
		}
	}
	SortActive(out)
	return out
}

// HostSeverity returns the worst severity among host's open alerts.
func (e *Engine) HostSeverity(host string) Severity {
	e.mu.Lock()
	defer e.mu.Unlock()
	worst := SeverityNone
	if h, ok := e.hosts[host]; ok {
		for _, t := range h.list {
			if t.a != nil && t.a.sev.rank() > worst.rank() {
				worst = t.a.sev
			}
		}
	}
	return worst
}

// Pending returns the keys of host's rules that crossed a threshold but
// have not fired yet (sustain or for not met).
func (e *Engine) Pending(host string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	if h, ok := e.hosts[host]; ok {
		for _, t := range h.list {
			if t.pending && t.sev == SeverityNone {
				out = append(out, t.key)
			}
		}
	}
	return out
}

// Recent returns up to n of the latest recorded events, newest last.
func (e *Engine) Recent(n int) []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	if n <= 0 || n > len(e.recent) {
		n = len(e.recent)
	}
	return slices.Clone(e.recent[len(e.recent)-n:])
}

// Run evaluates every interval (1 s when 0) until ctx is done. Between
// rounds it picks up silences another process (lookout silence) wrote.
func (e *Engine) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = time.Second
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := e.loadSilencesIfChanged(); err != nil {
			e.log.Warn("alert: silences not reloaded", "err", err)
		}
		e.Evaluate(ctx, e.clock.Now())
	}
}
