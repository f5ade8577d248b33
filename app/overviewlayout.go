package app

import (
	"time"

	"lookout/entity"
	"lookout/views"
)

// Preference keys of the overview's layout: cards or table, and the sort.
const (
	prefOverviewMode = "overview.mode"
	prefOverviewSort = "overview.sort"
)

// restoreLayout shows the overview as it was last left and remembers
// every later change in Fyne's preferences.
func (g *gui) restoreLayout() {
	p := g.fa.Preferences()
	mode := views.Mode(p.StringWithFallback(prefOverviewMode, string(views.ModeCards)))
	key := views.SortKey(p.StringWithFallback(prefOverviewSort, string(views.SortState)))
	g.overview.SetLayout(mode, key)
	g.overview.OnLayoutChanged = func(m views.Mode, k views.SortKey) {
		p.SetString(prefOverviewMode, string(m))
		p.SetString(prefOverviewSort, string(k))
	}
}

// sparkWindow is how far back the table's sparklines reach.
const sparkWindow = 5 * time.Minute

// sparkMetrics are the series of the table's sparklines.
var sparkMetrics = []entity.Metric{entity.MetricCPU, entity.MetricMem, entity.MetricSwap, entity.MetricDiskMax,
	entity.MetricLoadPerCore, entity.MetricNetRx}

// withSparks fills v's sparklines from the ring: the last five minutes of
// each figure, at most 60 points.
func (g *gui) withSparks(v views.HostView) views.HostView {
	if g.mon == nil || g.mon.Ring == nil {
		return v
	}
	now := time.Now()
	v.Spark = make(map[entity.Metric][]float64, len(sparkMetrics))
	for _, m := range sparkMetrics {
		// The ring, not the Store: for a ring younger than the window the
		// Store asks the history database, six queries per host per
		// flush (44 % of the window's CPU with 1,000 hosts).
		pts, err := g.mon.Ring.Range(v.Name, m, now.Add(-sparkWindow), now, 60)
		if err != nil {
			continue
		}
		vals := make([]float64, len(pts))
		for i, p := range pts {
			vals[i] = p.V
		}
		v.Spark[m] = vals
	}
	return v
}
