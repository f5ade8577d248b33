package report

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"lookout/entity"
	"lookout/internal/i18n"

	"lookout/engine"
)

// DefaultPeriod is the seeds' report window.
const DefaultPeriod = 6 * time.Hour

// Report is every host's figures over one period: what the notifier renders
// into each channel's dialect, and what RenderPNG draws. All fields are
// plain data; times are absolute.
type Report struct {
	// From and To bound the period; Generated is when Build ran.
	From, To, Generated time.Time
	// Period is To - From.
	Period time.Duration
	// Grades are the level bounds the figures were graded with.
	Grades entity.Grades
	// Hosts in the order asked for (or sorted by name); Worst() orders
	// them worst first.
	Hosts []Host
	// Alerts sums up the period's alerts of every host.
	Alerts AlertSummary
}

// Host is one host's part of a report.
type Host struct {
	Name string
	// Error is set when the store had nothing for the host ("unknown
	// host", or a read error); Stats are then empty.
	Error string `json:",omitempty"`
	// LastSeen is the time of the newest snapshot; zero if none.
	LastSeen time.Time
	// Stale is true when the newest snapshot is older than the period's
	// end by more than a tenth of the period (at least a minute): the host
	// stopped answering.
	Stale bool
	// Cores is the number of CPU cores (0 if unknown); Load figures are the
	// raw 1-minute load, graded per core.
	Cores int
	// DiskMount is the mount point of the fullest filesystem now.
	DiskMount string `json:",omitempty"`
	// Stats are CPU, memory, swap, fullest disk and load, in that order;
	// a metric the host does not report is left out.
	Stats []Stat
	// Alerts raised for this host during the period, oldest first (empty
	// unless Options.Alerts is set).
	Alerts []Alert `json:",omitempty"`
	// Incidents pairs Alerts from firing to resolution.
	Incidents []Incident `json:",omitempty"`
	// Procs are the counts of the host's count_processes keywords, and
	// what each process costs when the count varied enough.
	Procs []ProcCost `json:",omitempty"`
	// Series holds the points behind each Stat, downsampled for charts
	// (min and max per bucket). It is not part of the message text.
	Series map[entity.Metric][]entity.Point `json:"-"`
}

// Stat is the summary of one metric over the period. Figures are NaN when
// there was no sample.
type Stat struct {
	Metric entity.Metric
	// Label is the English name ("CPU", "Memory", "Swap", "Disk", "Load");
	// Labels has the names in every language of the report.
	Label   string
	Percent bool // the figures are percentages (0–100)
	Current float64
	Average float64
	Peak    float64
	PeakAt  time.Time
	// Level grades Current (and PeakLevel grades Peak): for percentages
	// directly, for load as load per core × 100.
	Level, PeakLevel entity.Level
	// Samples counts the readings; Gaps the failed polls (NaN points).
	Samples, Gaps int
}

// Alert is one alert of the period, as the alert engine reports it.
type Alert struct {
	// ID is the same on every event of one alert, from firing to
	// resolution ("" pairs events by Metric).
	ID       string `json:",omitempty"`
	At       time.Time
	Metric   entity.Metric // the rule's key ("cpu", "disk:/data", "unreachable")
	Severity string        // "warning", "critical", "resolved"
	Value    float64
	Peak     float64 `json:",omitempty"`
	// Start is when the alert began firing (zero: At).
	Start   time.Time `json:",omitempty"`
	Message string
}

// AlertSource lists the alerts raised for host between from and to. The
// alert engine implements it; a report without one has no alerts.
type AlertSource interface {
	Alerts(host string, from, to time.Time) []Alert
}

// Hoster is a store that can list its hosts (engine.Ring does).
type Hoster interface {
	Hosts() []string
}

// Metrics are the report's metrics, in order.
var Metrics = []entity.Metric{entity.MetricCPU, entity.MetricMem, entity.MetricSwap, entity.MetricDiskMax, entity.MetricLoad1}

// Label returns the name of one of Metrics in lang ("en" or "zh"): the
// report's short column names ("Disk" for the fullest disk, "Load").
func Label(m entity.Metric, lang string) string {
	if s := i18n.Msg(i18n.Lang(lang), "report.label_"+m); s != "report.label_"+m {
		return s
	}
	return m
}

// Options shape Build.
type Options struct {
	// Hosts to report on, in order; empty means every host of the store
	// (which must then implement Hoster).
	Hosts []string
	// Period before Now; 0 means DefaultPeriod.
	Period time.Duration
	// Now is the end of the period; zero means time.Now().
	Now time.Time
	// Grades default to engine.DefaultGrades.
	Grades entity.Grades
	// ChartPoints bounds the points kept per series for the charts; 0
	// means 4000 (more than any chart has pixel columns; bars keep each column's peak).
	ChartPoints int
	// Alerts, when set, fills each host's alerts.
	Alerts AlertSource
}

// Build reads the period from store and summarises it. A host the store
// does not know gets an Error, not a failure of the whole report; Build
// fails only when there are no hosts at all or ctx ends.
func Build(ctx context.Context, store engine.Store, opts Options) (*Report, error) {
	if opts.Period <= 0 {
		opts.Period = DefaultPeriod
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Grades.High <= 0 {
		opts.Grades = entity.DefaultGrades
	}
	if opts.ChartPoints <= 0 {
		opts.ChartPoints = 4000
	}
	hosts := opts.Hosts
	if len(hosts) == 0 {
		h, ok := store.(Hoster)
		if !ok {
			return nil, errors.New("report: name the hosts (this store cannot list them)")
		}
		hosts = h.Hosts()
	}
	if len(hosts) == 0 {
		return nil, errors.New("report: no hosts have been polled yet")
	}
	r := &Report{From: opts.Now.Add(-opts.Period), To: opts.Now, Generated: time.Now(),
		Period: opts.Period, Grades: opts.Grades}
	for _, name := range hosts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r.Hosts = append(r.Hosts, buildHost(store, name, r.From, r.To, opts))
	}
	r.Alerts = summarizeAlerts(r)
	return r, nil
}

func buildHost(store engine.Store, name string, from, to time.Time, opts Options) Host {
	h := Host{Name: name, Series: map[entity.Metric][]entity.Point{}}
	if snap, ok := store.Latest(name); ok {
		h.LastSeen = snap.Time
		h.Cores = snap.CPU.Cores
		if d, ok := snap.FullestDisk(); ok {
			h.DiskMount = d.Mount
		}
		h.Procs = procCosts(store, name, snap, from, to)
	}
	staleAfter := max(opts.Period/10, time.Minute)
	h.Stale = h.LastSeen.IsZero() || to.Sub(h.LastSeen) > staleAfter
	var newest time.Time // of the samples in the period
	for _, m := range Metrics {
		pts, err := store.Range(name, m, from, to, 0)
		if errors.Is(err, engine.ErrUnknownHost) {
			h.Error = "no data for this host"
			return h
		}
		if err != nil {
			h.Error = fmt.Sprintf("reading %s: %v", m, err)
			return h
		}
		if len(pts) == 0 {
			continue
		}
		for i := len(pts) - 1; i >= 0; i-- {
			if !math.IsNaN(pts[i].V) {
				if pts[i].T.After(newest) {
					newest = pts[i].T
				}
				break
			}
		}
		st := summarize(m, pts, opts.Grades, h.Cores)
		h.Stats = append(h.Stats, st)
		h.Series[m] = engine.Downsample(pts, opts.ChartPoints)
	}
	// The history writes a host's latest snapshot once a minute: beside a
	// daemon that started less than a minute ago it has samples and no
	// latest snapshot yet, and the host was polled all the same.
	if h.LastSeen.IsZero() && !newest.IsZero() {
		h.LastSeen = newest
		h.Stale = to.Sub(h.LastSeen) > staleAfter
	}
	if opts.Alerts != nil {
		h.Alerts = opts.Alerts.Alerts(name, from, to)
		h.Incidents = Incidents(name, h.Alerts, to)
	}
	return h
}

// summarize computes a Stat over pts.
func summarize(m entity.Metric, pts []entity.Point, g entity.Grades, cores int) Stat {
	st := Stat{Metric: m, Label: Label(m, "en"), Percent: entity.IsPercent(m),
		Current: math.NaN(), Average: math.NaN(), Peak: math.NaN()}
	var sum float64
	for _, p := range pts {
		if math.IsNaN(p.V) {
			st.Gaps++
			continue
		}
		st.Samples++
		sum += p.V
		if math.IsNaN(st.Peak) || p.V > st.Peak {
			st.Peak, st.PeakAt = p.V, p.T
		}
	}
	if st.Samples > 0 {
		st.Average = sum / float64(st.Samples)
	}
	for i := len(pts) - 1; i >= 0; i-- {
		if !math.IsNaN(pts[i].V) {
			st.Current = pts[i].V
			break
		}
	}
	grade := func(v float64) entity.Level {
		if math.IsNaN(v) {
			return entity.LevelLow
		}
		if m == entity.MetricLoad1 {
			c := float64(max(cores, 1))
			return g.Grade(v / c * 100)
		}
		return g.Grade(v)
	}
	st.Level, st.PeakLevel = grade(st.Current), grade(st.Peak)
	return st
}

// Stat returns host h's figures for metric m.
func (h Host) Stat(m entity.Metric) (Stat, bool) {
	for _, s := range h.Stats {
		if s.Metric == m {
			return s, true
		}
	}
	return Stat{}, false
}

// Worst returns the highest current level among the host's figures.
func (h Host) Worst() entity.Level {
	l := entity.LevelLow
	for _, s := range h.Stats {
		l = max(l, s.Level)
	}
	return l
}
