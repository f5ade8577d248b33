package report

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"

	"lookout/internal/human"
	"lookout/internal/i18n"
)

// WriteText prints r as a table for a terminal or a plain-text channel.
func WriteText(w io.Writer, r *Report, loc *time.Location) error {
	if loc == nil {
		loc = time.Local
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "report\t%s\t%s – %s\n", human.Duration(r.Period),
		r.From.In(loc).Format("2006-01-02 15:04"), r.To.In(loc).Format("2006-01-02 15:04"))
	for _, h := range r.Hosts {
		fmt.Fprintln(tw)
		state := ""
		switch {
		case h.Error != "":
			state = h.Error
		case h.LastSeen.IsZero():
			state = "never polled"
		case h.Stale:
			state = "not answering since " + h.LastSeen.In(loc).Format("15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\n", h.Name, state)
		if len(h.Stats) > 0 {
			fmt.Fprintf(tw, "\tmetric\tnow\tavg\tpeak\tpeak at\tlevel\n")
		}
		for _, s := range h.Stats {
			f := func(v float64) string {
				switch {
				case math.IsNaN(v):
					return "–"
				case s.Percent:
					return human.Percent(v)
				}
				return fmt.Sprintf("%.2f", v)
			}
			label := s.Label
			if s.Metric == "disk_max" && h.DiskMount != "" {
				label += " " + h.DiskMount
			}
			at := ""
			if !s.PeakAt.IsZero() {
				at = s.PeakAt.In(loc).Format("15:04:05")
			}
			fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\t%s\t%s\n", label, f(s.Current), f(s.Average), f(s.Peak), at, s.Level)
		}
		for _, pc := range h.Procs {
			cost := CostLine(pc, "en")
			if cost == "" {
				cost = "too little change to fit a cost per process"
			}
			fmt.Fprintf(tw, "\tprocesses\t%s %d–%d\t%s\n", pc.Keyword, pc.Min, pc.Max, cost)
		}
		for _, a := range h.Alerts {
			fmt.Fprintf(tw, "\talert\t%s\t%s\t%s\n", a.At.In(loc).Format("15:04:05"), a.Severity, a.Message)
		}
	}
	a := r.Alerts
	fmt.Fprintln(tw)
	if a.Count == 0 {
		fmt.Fprintln(tw, "alerts\tnone in the period")
		return tw.Flush()
	}
	fmt.Fprintf(tw, "alerts\t%d\tlongest: %s %s, %s\tstill open: %d\n", a.Count, a.Longest.Host,
		i18n.RuleName(i18n.EN, a.Longest.Key), i18n.Duration(i18n.EN, a.Longest.Duration()), len(a.Open))
	for _, in := range a.Open {
		fmt.Fprintf(tw, "\topen\t%s %s\t%s since %s\n", in.Host, i18n.RuleName(i18n.EN, in.Key), in.Severity,
			in.Start.In(loc).Format("01-02 15:04"))
	}
	return tw.Flush()
}
