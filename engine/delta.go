package engine

import (
	"sync"
	"time"

	"lookout/entity"
)

// CPUTimes are cumulative seconds a processor (or all of them) spent in each
// state, as /proc/stat counts them.
type CPUTimes struct {
	User, Nice, System, Idle, IOWait, IRQ, SoftIRQ, Steal float64
}

// Total is the sum of all states. Guest time is already inside User and
// Nice in /proc/stat, so it is not added again.
func (t CPUTimes) Total() float64 {
	return t.User + t.Nice + t.System + t.Idle + t.IOWait + t.IRQ + t.SoftIRQ + t.Steal
}

// CPUPercents is processor usage over an interval, in percent.
type CPUPercents struct {
	Busy, User, System, IOWait, Steal float64
}

// Deltas turns cumulative counters into rates and percentages. It keeps the
// previous reading of each series, keyed by host and series name, so one
// Deltas may serve many hosts without their readings mixing (unlike
// gopsutil's package-global cpu.Percent state). It is safe for concurrent
// use.
type Deltas struct {
	mu      sync.Mutex
	counter map[string]counterReading
	cpu     map[string]CPUTimes
}

type counterReading struct {
	value float64
	at    time.Time
	seen  time.Time
}

// NewDeltas returns an empty tracker.
func NewDeltas() *Deltas {
	return &Deltas{counter: map[string]counterReading{}, cpu: map[string]CPUTimes{}}
}

// Rate records counter value v of series key at time t and returns its rate
// per second since the previous reading. ok is false for the first reading,
// when time did not advance, and when the counter went backwards (a reboot
// or a wrapped counter): the caller shows no rate rather than a wrong one.
func (d *Deltas) Rate(key string, v float64, t time.Time) (rate float64, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	prev, had := d.counter[key]
	d.counter[key] = counterReading{value: v, at: t, seen: t}
	if !had {
		return 0, false
	}
	dt := t.Sub(prev.at).Seconds()
	if dt <= 0 || v < prev.value {
		return 0, false
	}
	return (v - prev.value) / dt, true
}

// CPU records the cumulative times of processor key and returns the usage
// since its previous reading. ok is false for the first reading and when
// the counters went backwards.
func (d *Deltas) CPU(key string, t CPUTimes) (p CPUPercents, ok bool) {
	d.mu.Lock()
	prev, had := d.cpu[key]
	d.cpu[key] = t
	d.mu.Unlock()
	if !had {
		return p, false
	}
	total := t.Total() - prev.Total()
	if total <= 0 {
		return p, false
	}
	pct := func(cur, old float64) float64 { return clampPct((cur - old) / total * 100) }
	idle := (t.Idle + t.IOWait) - (prev.Idle + prev.IOWait)
	p = CPUPercents{
		Busy:   clampPct((total - idle) / total * 100),
		User:   pct(t.User+t.Nice, prev.User+prev.Nice),
		System: pct(t.System+t.IRQ+t.SoftIRQ, prev.System+prev.IRQ+prev.SoftIRQ),
		IOWait: pct(t.IOWait, prev.IOWait),
		Steal:  pct(t.Steal, prev.Steal),
	}
	return p, true
}

// Forget drops every series whose key starts with prefix and that was not
// updated since before. Collectors call it with a per-process prefix so that
// the readings of exited processes do not pile up.
func (d *Deltas) Forget(prefix string, before time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, r := range d.counter {
		if len(k) >= len(prefix) && k[:len(prefix)] == prefix && r.seen.Before(before) {
			delete(d.counter, k)
		}
	}
}

// Len returns how many series the tracker holds.
func (d *Deltas) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.counter) + len(d.cpu)
}

func clampPct(v float64) float64 {
	switch {
	case v < 0:
		return 0
	case v > 100:
		return 100
	}
	return v
}

// NetStat builds one interface's figures from its cumulative byte
// counters, with the rates since its previous reading at t. ok is false
// when there is no rate (the first reading, a counter reset): the rates
// are zero placeholders and the caller marks the snapshot RatesUnknown.
// Every collector reports interfaces through it.
func (d *Deltas) NetStat(iface string, rx, tx uint64, t time.Time) (n entity.NetStat, ok bool) {
	n = entity.NetStat{Iface: iface, RxBytesTotal: rx, TxBytesTotal: tx}
	var rok, tok bool
	n.RxBytesPerS, rok = d.Rate("rx:"+iface, float64(rx), t)
	n.TxBytesPerS, tok = d.Rate("tx:"+iface, float64(tx), t)
	return n, rok && tok
}
