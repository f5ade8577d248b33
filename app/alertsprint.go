package app

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"lookout/engine/alert"
	"lookout/internal/i18n"
)

// The tables of `lookout alerts`, in the configured language: rules by
// their human names ("Disk /data", "Load per core", "Process nginx
// missing"), durations as people write them ("20 s", "1 day").

// writeActive prints open alerts as a table.
func writeActive(w io.Writer, active []alert.Event, now time.Time, lang i18n.Lang) error {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(active) == 0 {
		fmt.Fprintln(tw, t("No active alerts."))
		return tw.Flush()
	}
	fmt.Fprintln(tw, t("SEVERITY\tHOST\tRULE\tVALUE\tTHRESHOLD\tPEAK\tSINCE\tFOR\tNOTE"))
	for _, e := range active {
		sev := t(string(e.Severity))
		if e.Kind == alert.KindFlapping {
			sev += " (" + t("flapping") + ")"
		}
		if !e.Sent {
			sev += " (" + t("held") + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", sev, e.Host, i18n.RuleName(lang, e.Key),
			eventValue(e, e.Value), eventValue(e, e.Threshold), eventValue(e, e.Peak),
			e.Start.Local().Format("2006-01-02 15:04"), i18n.Duration(lang, now.Sub(e.Start)), i18n.Note(lang, e.Key, e.Note))
	}
	return tw.Flush()
}

// writeEvents prints events, oldest first, one per line.
func writeEvents(w io.Writer, events []alert.Event, lang i18n.Lang) error {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(events) == 0 {
		fmt.Fprintln(tw, t("No events."))
		return tw.Flush()
	}
	fmt.Fprintln(tw, t("TIME\tEVENT\tSEVERITY\tHOST\tRULE\tVALUE\tTHRESHOLD\tDETAIL"))
	for _, e := range events {
		var detail []string
		if e.PrevSeverity != "" {
			detail = append(detail, t("was %s", t(string(e.PrevSeverity))))
		}
		if e.Kind == alert.KindResolved {
			detail = append(detail, t("lasted %s", i18n.Duration(lang, e.Duration)), t("peak %s", eventValue(e, e.Peak)))
		}
		if n := i18n.Note(lang, e.Key, e.Note); n != "" {
			detail = append(detail, n)
		}
		switch {
		case e.Silence != "":
			detail = append(detail, t("held by silence %s", e.Silence))
		case !e.Sent:
			detail = append(detail, t("not sent"))
		case e.SilenceEnded != "":
			detail = append(detail, t("sent as silence %s ended", e.SilenceEnded))
		}
		if len(e.TopCPU) > 0 && e.Kind != alert.KindResolved {
			var ps []string
			for _, p := range e.TopCPU[:min(3, len(e.TopCPU))] {
				ps = append(ps, fmt.Sprintf("%s %.0f%%", p.Name, p.CPUPercent))
			}
			detail = append(detail, t("top: %s", strings.Join(ps, ", ")))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.At.Local().Format("2006-01-02 15:04:05"), t(string(e.Kind)),
			t(string(e.Severity)), e.Host, i18n.RuleName(lang, e.Key), eventValue(e, e.Value), eventValue(e, e.Threshold),
			strings.Join(detail, "; "))
	}
	return tw.Flush()
}

// eventValue formats a figure of e; conditions have none to show.
func eventValue(e alert.Event, v float64) string {
	if e.Metric == "" {
		return "-"
	}
	return alert.FormatValue(v, e.Unit)
}
