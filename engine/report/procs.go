package report

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"

	"lookout/engine"
	"lookout/engine/chart"
	"lookout/entity"
)

// ProcCountPrefix starts the series of a count_processes keyword:
// "procs_count:python" is the number of python processes.
const ProcCountPrefix = "procs_count:"

// Minimums for fitting a cost per process: enough samples, and a count
// that varied over at least MinFitLevels distinct values.
const (
	MinFitSamples = 10
	MinFitLevels  = 3
)

// Fit is a least-squares line y = Base + PerProc × count fitted over the
// period's samples: what one more process costs (the seeds' question).
type Fit struct {
	Metric  entity.Metric
	PerProc float64 // percentage points per process
	Base    float64
	// RSquared is the fit's quality (1 is a perfect line).
	RSquared float64
	Samples  int
}

// ProcCost is a keyword's counts and fitted costs on one host.
type ProcCost struct {
	Keyword string
	// Min, Max and Current count over the period.
	Min, Max, Current int
	// Fits are for CPU and memory, when the count varied enough.
	Fits []Fit
	// MemTotal is the host's memory in bytes (to turn memory percentage
	// points into bytes); 0 if unknown.
	MemTotal uint64
	// Series is the count over the period, for the count at each peak.
	Series []entity.Point `json:"-"`
}

// PerProcBytes is the memory fit's cost in bytes per process (0 if none).
func (p ProcCost) PerProcBytes() float64 {
	for _, f := range p.Fits {
		if f.Metric == entity.MetricMem && p.MemTotal > 0 {
			return f.PerProc / 100 * float64(p.MemTotal)
		}
	}
	return 0
}

// procCosts reads the count series of snap's keywords and fits CPU and
// memory against each.
func procCosts(store engine.Store, name string, snap entity.Snapshot, from, to time.Time) []ProcCost {
	var kws []string
	for kw := range snap.Procs.Counts {
		kws = append(kws, kw)
	}
	sort.Strings(kws)
	var out []ProcCost
	for _, kw := range kws {
		pts, err := store.Range(name, ProcCountPrefix+kw, from, to, 0)
		if err != nil || len(pts) == 0 {
			continue
		}
		pc := ProcCost{Keyword: kw, Min: math.MaxInt, Series: pts, MemTotal: snap.Mem.TotalBytes}
		for _, p := range pts {
			if math.IsNaN(p.V) {
				continue
			}
			pc.Min, pc.Max, pc.Current = min(pc.Min, int(p.V)), max(pc.Max, int(p.V)), int(p.V)
		}
		if pc.Min == math.MaxInt {
			continue
		}
		for _, m := range []entity.Metric{entity.MetricCPU, entity.MetricMem} {
			ys, err := store.Range(name, m, from, to, 0)
			if err != nil {
				continue
			}
			if f, ok := FitPerProcess(pts, ys); ok {
				f.Metric = m
				pc.Fits = append(pc.Fits, f)
			}
		}
		out = append(out, pc)
	}
	return out
}

// FitPerProcess fits ys against counts by least squares (gonum's
// stat.LinearRegression), pairing the points of the same time. ok is
// false when there are fewer than MinFitSamples pairs or the count took
// fewer than MinFitLevels values: a flat count says nothing about cost.
func FitPerProcess(counts, ys []entity.Point) (Fit, bool) {
	at := make(map[int64]float64, len(counts))
	for _, p := range counts {
		if !math.IsNaN(p.V) {
			at[p.T.UnixNano()] = p.V
		}
	}
	var xs, vs []float64
	levels := map[float64]bool{}
	for _, p := range ys {
		x, ok := at[p.T.UnixNano()]
		if !ok || math.IsNaN(p.V) {
			continue
		}
		xs, vs = append(xs, x), append(vs, p.V)
		levels[x] = true
	}
	if len(xs) < MinFitSamples || len(levels) < MinFitLevels {
		return Fit{}, false
	}
	alpha, beta := stat.LinearRegression(xs, vs, nil, false)
	r2 := stat.RSquared(xs, vs, nil, alpha, beta)
	if math.IsNaN(beta) || math.IsNaN(r2) {
		return Fit{}, false
	}
	return Fit{PerProc: beta, Base: alpha, RSquared: r2, Samples: len(xs)}, true
}

// countAt is the value of pts at t, or the last before it.
func countAt(pts []entity.Point, t time.Time) (float64, bool) {
	i := sort.Search(len(pts), func(i int) bool { return pts[i].T.After(t) })
	for i--; i >= 0; i-- {
		if !math.IsNaN(pts[i].V) {
			return pts[i].V, true
		}
	}
	return 0, false
}

// procsAt is the process counts of h at t ("python 12"), "" if unknown.
func procsAt(h Host, t time.Time) string {
	var parts []string
	for _, pc := range h.Procs {
		if v, ok := countAt(pc.Series, t); ok {
			parts = append(parts, fmt.Sprintf("%s %d", pc.Keyword, int(v)))
		}
	}
	return strings.Join(parts, ", ")
}

// CostLine says what one process of pc costs: "python: each ≈ 3.1 % CPU
// (R² 0.93), 120 MiB (R² 0.88)"; "" when no fit.
func CostLine(pc ProcCost, lang string) string {
	var parts []string
	for _, f := range pc.Fits {
		var v string
		switch {
		case f.Metric == entity.MetricMem && pc.MemTotal > 0:
			v = fmt.Sprintf("%.0f MiB", f.PerProc/100*float64(pc.MemTotal)/(1<<20))
		case f.Metric == entity.MetricMem:
			v = fmt.Sprintf("%.1f %% %s", f.PerProc, Label(f.Metric, lang))
		default:
			v = fmt.Sprintf("%.1f %% %s", f.PerProc, Label(f.Metric, lang))
		}
		parts = append(parts, fmt.Sprintf(word(lang, "fit"), v, f.RSquared))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf(word(lang, "each_proc"), pc.Keyword, strings.Join(parts, word(lang, "comma")))
}

// procsPanel lists, for each host with count_processes keywords, the
// count range and the fitted cost per process (or why there is none).
func procsPanel(r *Report, hosts []Host, o ImageOptions) (chart.Panel, bool) {
	var lines []string
	// Two lines a keyword: a phone-wide line holds the host and the
	// counts, or the cost with its fit quality, not both.
	for _, h := range hosts {
		for _, pc := range h.Procs {
			lines = append(lines, fmt.Sprintf("%s · %s %d–%d", h.Name, pc.Keyword, pc.Min, pc.Max))
			c := CostLine(pc, o.Lang)
			if c == "" {
				c = word(o.Lang, "no_fit")
			}
			lines = append(lines, "    "+c)
		}
	}
	if len(lines) == 0 {
		return chart.Panel{}, false
	}
	const maxLines = 16
	if len(lines) > maxLines {
		lines = append(lines[:maxLines], fmt.Sprintf(word(o.Lang, "more"), len(lines)-maxLines))
	}
	return chart.Panel{Lines: append([]string{word(o.Lang, "procs_title")}, lines...)}, true
}
