package setup

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"lookout/internal/termsafe"
	"lookout/notifier/outbox"
)

// PrintOutbox writes the queued and dead messages of ob as two tables.
// Nothing in them is secret: summaries name hosts and rules, and errors
// were redacted by the channels.
func PrintOutbox(w io.Writer, ob *outbox.Outbox, now time.Time) error {
	queued, dead, err := ob.List()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "QUEUED (%d)\n", len(queued))
	if len(queued) > 0 {
		fmt.Fprintln(tw, "ID\tCHANNEL\tAGE\tATTEMPTS\tNEXT\tMESSAGE\tLAST ERROR")
		for _, e := range queued {
			next := "now"
			if e.NextAttempt.After(now) {
				next = "in " + e.NextAttempt.Sub(now).Round(time.Second).String()
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", e.ID, e.Channel, now.Sub(e.Created).Round(time.Second), e.Attempts, next, oneLine(e.Summary), oneLine(e.LastError))
		}
	}
	fmt.Fprintf(tw, "\nDEAD LETTERS (%d)\n", len(dead))
	if len(dead) > 0 {
		fmt.Fprintln(tw, "ID\tCHANNEL\tGIVEN UP\tATTEMPTS\tMESSAGE\tWHY")
		for _, e := range dead {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", e.ID, e.Channel, e.DeadAt.Local().Format("2006-01-02 15:04"), e.Attempts, oneLine(e.Summary), oneLine(e.LastError))
		}
	}
	return tw.Flush()
}

// oneLine is s for a table cell: on one line, without control sequences
// (a service's error or a host's name could carry them), at most 120
// characters.
func oneLine(s string) string {
	s = termsafe.String(strings.ReplaceAll(s, "\n", " "))
	if r := []rune(s); len(r) > 120 {
		s = string(r[:119]) + "…"
	}
	return s
}
