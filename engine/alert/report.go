package alert

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"lookout/internal/human"
)

// WriteActive prints open alerts as a table for people.
func WriteActive(w io.Writer, active []Event, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(active) == 0 {
		fmt.Fprintln(tw, "No active alerts.")
		return tw.Flush()
	}
	fmt.Fprintln(tw, "SEVERITY\tHOST\tRULE\tVALUE\tTHRESHOLD\tPEAK\tSINCE\tFOR\tNOTE")
	for _, e := range active {
		sev := string(e.Severity)
		if e.Kind == KindFlapping {
			sev += " (flapping)"
		}
		if !e.Sent {
			sev += " (held)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", sev, e.Host, e.Key, valueOf(e, e.Value),
			valueOf(e, e.Threshold), valueOf(e, e.Peak), e.Start.Local().Format("2006-01-02 15:04"),
			human.Duration(now.Sub(e.Start)), e.Note)
	}
	return tw.Flush()
}

// WriteEvents prints events, oldest first, one per line.
func WriteEvents(w io.Writer, events []Event) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(events) == 0 {
		fmt.Fprintln(tw, "No events.")
		return tw.Flush()
	}
	fmt.Fprintln(tw, "TIME\tEVENT\tSEVERITY\tHOST\tRULE\tVALUE\tTHRESHOLD\tDETAIL")
	for _, e := range events {
		var detail []string
		if e.PrevSeverity != "" {
			detail = append(detail, "was "+string(e.PrevSeverity))
		}
		if e.Kind == KindResolved {
			detail = append(detail, "lasted "+human.Duration(e.Duration), "peak "+valueOf(e, e.Peak))
		}
		if e.Note != "" {
			detail = append(detail, e.Note)
		}
		switch {
		case e.Silence != "":
			detail = append(detail, "held by silence "+e.Silence)
		case !e.Sent:
			detail = append(detail, "not sent")
		case e.SilenceEnded != "":
			detail = append(detail, "sent as silence "+e.SilenceEnded+" ended")
		}
		if len(e.TopCPU) > 0 && e.Kind != KindResolved {
			var ps []string
			for _, p := range e.TopCPU[:min(3, len(e.TopCPU))] {
				ps = append(ps, fmt.Sprintf("%s %.0f%%", p.Name, p.CPUPercent))
			}
			detail = append(detail, "top: "+strings.Join(ps, ", "))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.At.Local().Format("2006-01-02 15:04:05"), e.Kind,
			e.Severity, e.Host, e.Key, valueOf(e, e.Value), valueOf(e, e.Threshold), strings.Join(detail, "; "))
	}
	return tw.Flush()
}

// valueOf formats a figure of e; conditions have none to show.
func valueOf(e Event, v float64) string {
	if e.Metric == "" {
		return "-"
	}
	return FormatValue(v, e.Unit)
}

// WriteSilences prints silences as a table.
func WriteSilences(w io.Writer, ss []Silence) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(ss) == 0 {
		fmt.Fprintln(tw, "No silences.")
		return tw.Flush()
	}
	fmt.Fprintln(tw, "ID\tSOURCE\tWHEN AND WHAT")
	for _, s := range ss {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.ID, s.Source, s.Describe())
	}
	return tw.Flush()
}

// EditSilencesFile applies f to the run-time silences in dir and saves
// them; a running engine picks the change up within a tick.
func EditSilencesFile(dir string, now time.Time, f func([]Silence) ([]Silence, error)) error {
	path := filepath.Join(dir, SilencesFile)
	ss, err := LoadSilences(path)
	if err != nil {
		return err
	}
	if ss, err = f(ss); err != nil {
		return err
	}
	return SaveSilences(path, ss, now)
}
