// Package report builds Lookout's periodic report: for every host (or a
// chosen set) over a period (six hours by default), the current, average
// and peak of CPU, memory, swap, the fullest disk and the load, read from
// an engine.Store. It draws the report as one PNG sized for a phone and
// under the robots' 2 MB limit, draws the five-minute smoothed chart that
// an alert carries, and runs reports on a schedule (an interval, fixed
// times of day, or both) with an injected clock.
//
// The Report struct is plain data: the notifier renders it into each
// channel's dialect (WeCom markdown, DingTalk, Slack blocks, email…). This
// package imports no Fyne and touches no network.
package report
