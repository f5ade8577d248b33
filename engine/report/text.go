package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"lookout/entity"
	"lookout/internal/human"
	"lookout/internal/i18n"
)

// WriteText prints r as a table for a terminal (lookout report) in lang:
// the period as people say it ("1 day"), each figure by its human name
// ("Memory", "Fullest disk /data"), at each peak the count of the host's
// count_processes keywords at that moment ("python 8"), what one process
// costs with the fit's quality (R²), the host's alerts and the period's
// (how many, the longest, which are still open). Times are in loc (the
// local zone when nil).
func WriteText(w io.Writer, r *Report, loc *time.Location, lang i18n.Lang) error {
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
			if s.Metric == entity.MetricDiskMax && h.DiskMount != "" {
				label += " " + h.DiskMount
			}
			at := ""
			if !s.PeakAt.IsZero() {
				at = s.PeakAt.In(loc).Format("15:04:05")
				if n := procsAt(h, s.PeakAt); n != "" {
					at += t(" (%s)", n)
				}
			}
			fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\t%s\t%s\n", label, f(s.Current), f(s.Average), f(s.Peak), at, t(s.Level.String()))
		}
		for _, pc := range h.Procs {
			cost := CostLine(pc, string(lang))
			if cost == "" {
				cost = t("too little change to fit a cost per process")
			} else if n := fitSamples(pc); n > 0 {
				cost += " · " + t("fit on %d samples", n)
			}
			fmt.Fprintf(tw, "\t%s\t%s %d–%d\t%s\n", t("Processes"), pc.Keyword, pc.Min, pc.Max, cost)
		}
		for _, a := range h.Alerts {
			fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\n", t("alert"), a.At.In(loc).Format("15:04:05"), t(a.Severity), alertText(a, lang))
		}
	}
	a := r.Alerts
	fmt.Fprintln(tw)
	if a.Count == 0 {
		fmt.Fprintf(tw, "%s\t%s\n", t("Alerts"), t("none in the period"))
		return tw.Flush()
	}
	fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", t("Alerts"), a.Count, t("longest: %s %s, %s", a.Longest.Host,
		i18n.RuleName(lang, a.Longest.Key), i18n.Duration(lang, a.Longest.Duration())), t("still open: %d", len(a.Open)))
	for _, in := range a.Open {
		fmt.Fprintf(tw, "\t%s\t%s %s\t%s\n", t("open"), in.Host, i18n.RuleName(lang, in.Key),
			t("%s since %s", t(in.Severity), in.Start.In(loc).Format("01-02 15:04")))
	}
	return tw.Flush()
}

// alertText is an alert of the period for people: "Memory 96.0 %, peak
// 97.3 %", "Unreachable".
func alertText(a Alert, lang i18n.Lang) string {
	name := i18n.RuleName(lang, string(a.Metric))
	if entity.IsConditionRule(ruleOf(a.Metric)) {
		return name
	}
	v := func(x float64) string {
		if entity.IsPercent(a.Metric) {
			return human.Percent(x)
		}
		return fmt.Sprintf("%.2f", x)
	}
	s := name + " " + v(a.Value)
	if a.Peak > a.Value {
		s += i18n.T(lang, ", peak %s", v(a.Peak))
	}
	return s
}

// ruleOf is the rule of a key: "disk:/data" → "disk".
func ruleOf(key entity.Metric) string {
	name, _, _ := strings.Cut(string(key), ":")
	return name
}

// fitSamples is the number of samples behind pc's fits (0 when none).
func fitSamples(pc ProcCost) int {
	n := 0
	for _, f := range pc.Fits {
		n = max(n, f.Samples)
	}
	return n
}
