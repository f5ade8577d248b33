package report

import (
	"time"

	"lookout/engine/chart"
)

// procsPanel is filled in by the process-cost part of the report.
func procsPanel(r *Report, hosts []Host, o ImageOptions) (chart.Panel, bool) {
	return chart.Panel{}, false
}

// procsAt is the process counts of h at t ("python 12"), "" if unknown.
func procsAt(h Host, t time.Time) string { return "" }
