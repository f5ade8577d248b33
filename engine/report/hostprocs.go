package report

import (
	"math"
	"time"

	"lookout/engine"
	"lookout/entity"
	"lookout/internal/human"
	"lookout/internal/i18n"
)

// ProcPeak is a figure's peak over a period and the counts of the host's
// count_processes keywords at that moment ("python 8").
type ProcPeak struct {
	Metric entity.Metric
	Value  float64
	At     time.Time
	Counts string
}

// HostProcs is what the host detail shows of a host's count_processes
// keywords over a period: each keyword's counts and fitted cost per
// process, and the CPU and memory peaks with the counts at that moment.
type HostProcs struct {
	Costs []ProcCost
	Peaks []ProcPeak
}

// ProcsOf reads host's count_processes keywords (those of snap, its latest
// snapshot) from store between from and to, fits their cost (as a report
// does) and finds the CPU and memory peaks.
func ProcsOf(store engine.Store, host string, snap entity.Snapshot, from, to time.Time) HostProcs {
	var out HostProcs
	out.Costs = procCosts(store, host, snap, from, to)
	if len(out.Costs) == 0 {
		return out
	}
	h := Host{Procs: out.Costs}
	for _, m := range []entity.Metric{entity.MetricCPU, entity.MetricMem} {
		pts, err := store.Range(host, m, from, to, 0)
		if err != nil {
			continue
		}
		best := entity.Point{V: math.NaN()}
		for _, p := range pts {
			if !math.IsNaN(p.V) && (math.IsNaN(best.V) || p.V > best.V) {
				best = p
			}
		}
		if math.IsNaN(best.V) {
			continue
		}
		out.Peaks = append(out.Peaks, ProcPeak{Metric: m, Value: best.V, At: best.T, Counts: procsAt(h, best.T)})
	}
	return out
}

// Lines are p for people in lang, one per keyword ("python 2–12, now 7 ·
// each python process ≈ 3.1 % CPU (R² 0.89), 123 MiB (R² 1.00)") and one
// per peak ("CPU peak 99.0 % at 09:20: python 8"); times in loc.
func (p HostProcs) Lines(lang i18n.Lang, loc *time.Location) []string {
	if loc == nil {
		loc = time.Local
	}
	var out []string
	for _, pc := range p.Costs {
		line := i18n.T(lang, "%s %d–%d, now %d", pc.Keyword, pc.Min, pc.Max, pc.Current) + " · "
		if c := CostLine(pc, string(lang)); c != "" {
			line += c
		} else {
			line += i18n.T(lang, "too little change to fit a cost per process")
		}
		out = append(out, line)
	}
	for _, pk := range p.Peaks {
		if pk.Counts == "" {
			continue
		}
		out = append(out, i18n.T(lang, "%s peak %s at %s: %s", i18n.RuleName(lang, pk.Metric), human.Percent(pk.Value),
			pk.At.In(loc).Format("01-02 15:04"), pk.Counts))
	}
	return out
}

// CountAt is pc's count at t (the last before it), ok false if unknown.
func (pc ProcCost) CountAt(t time.Time) (int, bool) {
	v, ok := countAt(pc.Series, t)
	return int(v), ok
}

// FitOf is pc's fit of metric, ok false when there is none.
func (pc ProcCost) FitOf(m entity.Metric) (Fit, bool) {
	for _, f := range pc.Fits {
		if f.Metric == m {
			return f, true
		}
	}
	return Fit{}, false
}
