package app

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"

	"lookout/engine/report"
	"lookout/internal/human"
	"lookout/internal/i18n"
)

// writeReport prints the text of `lookout report` in lang: the period as
// a person writes it ("6 h", "1 day"), each figure by its human name
// ("Memory", "Fullest disk /data", "Load") and every phrase translated.
// Times are written in loc (the local zone when nil).
func writeReport(w io.Writer, r *report.Report, loc *time.Location, lang i18n.Lang) error {
	if loc == nil {
		loc = time.Local
	}
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s – %s\n", t("Report"), i18n.Duration(lang, r.Period),
		r.From.In(loc).Format("2006-01-02 15:04"), r.To.In(loc).Format("2006-01-02 15:04"))
	for _, h := range r.Hosts {
		fmt.Fprintln(tw)
		state := ""
		switch {
		case h.Error != "":
			state = h.Error
		case h.LastSeen.IsZero():
			state = t("never polled")
		case h.Stale:
			state = t("not answering since %s", h.LastSeen.In(loc).Format("15:04"))
		}
		fmt.Fprintf(tw, "%s\t%s\n", h.Name, state)
		if len(h.Stats) > 0 {
			fmt.Fprintf(tw, "\t%s\n", t("FIGURE\tNOW\tAVERAGE\tPEAK\tPEAK AT\tLEVEL"))
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
			label := i18n.RuleName(lang, s.Metric)
			if s.Metric == "disk_max" && h.DiskMount != "" {
				label += " " + h.DiskMount
			}
			at := ""
			if !s.PeakAt.IsZero() {
				at = s.PeakAt.In(loc).Format("15:04:05")
			}
			fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\t%s\t%s\n", label, f(s.Current), f(s.Average), f(s.Peak), at, t(s.Level.String()))
		}
		for _, a := range h.Alerts {
			fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\n", t("alert"), a.At.In(loc).Format("15:04:05"), t(a.Severity), a.Message)
		}
	}
	return tw.Flush()
}
