// Package report builds Lookout's periodic report: for every host (or a
// chosen set) over a period (six hours by default), the current, average
// and peak of CPU, memory, swap, the fullest disk and the load, read from
// an engine.Store; the period's alerts paired into incidents (how many,
// the longest, which are still open); and, for hosts with count_processes
// keywords, the counts (series procs_count:KEYWORD) with the cost of one
// process fitted by least squares (gonum) and its R², when the count
// varied enough.
//
// The image reads on a phone: a fleet summary first, one row per host,
// worst first (state, then now/average/peak per figure as chips coloured
// by grade over a sparkline), the alerts, the process costs, then a chart
// for each of the worst notable hosts (alerts, or a figure in the red
// grade; ImageOptions.ChartHosts, 3 by default), with the process counts
// at its peak. RenderPages splits a large fleet into several images of at
// most 1080×2400 px and 2 MB each, so no host is ever dropped. The package
// also draws the five-minute smoothed chart that an alert carries, and
// runs reports on a schedule (an interval, fixed times of day, or both)
// with an injected clock.
//
// The Report struct is plain data: the notifier renders it into each
// channel's dialect (WeCom markdown, DingTalk, Slack blocks, email…). This
// package imports no Fyne and touches no network.
package report
