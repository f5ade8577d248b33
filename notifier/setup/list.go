package setup

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"lookout/internal/i18n"
	"lookout/internal/termsafe"
	"lookout/notifier"
	"lookout/notifier/outbox"
	"lookout/notifier/render"
)

// PrintOutbox writes the queued and dead messages of ob as two tables in
// lang. Each message is summed up from its payload with the rules' human
// names ("[CRITICAL] web-1: Memory"), else by the summary stored with it.
// Nothing in them is secret: summaries name hosts and rules, and errors
// were redacted by the channels.
func PrintOutbox(w io.Writer, ob *outbox.Outbox, now time.Time, lang i18n.Lang) error {
	queued, dead, err := ob.List()
	if err != nil {
		return err
	}
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, t("QUEUED (%d)", len(queued)))
	if len(queued) > 0 {
		fmt.Fprintln(tw, t("ID\tCHANNEL\tAGE\tATTEMPTS\tNEXT\tMESSAGE\tLAST ERROR"))
		for _, e := range queued {
			next := t("now")
			if e.NextAttempt.After(now) {
				next = t("in %s", i18n.Duration(lang, e.NextAttempt.Sub(now)))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", e.ID, e.Channel, i18n.Duration(lang, now.Sub(e.Created)), e.Attempts, next,
				oneLine(Summary(e, lang)), oneLine(e.LastError))
		}
	}
	fmt.Fprintln(tw, "\n"+t("DEAD LETTERS (%d)", len(dead)))
	if len(dead) > 0 {
		fmt.Fprintln(tw, t("ID\tCHANNEL\tGIVEN UP\tATTEMPTS\tMESSAGE\tWHY"))
		for _, e := range dead {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", e.ID, e.Channel, e.DeadAt.Local().Format("2006-01-02 15:04"), e.Attempts,
				oneLine(Summary(e, lang)), oneLine(e.LastError))
		}
	}
	return tw.Flush()
}

// Summary is a queued message on one line in lang, with human names,
// from its payload (render.Summary); the summary stored with it when the
// payload does not decode.
func Summary(e outbox.Entry, lang i18n.Lang) string {
	var m notifier.Message
	if err := json.Unmarshal(e.Payload, &m); err != nil || (m.Kind == notifier.KindAlert && len(m.Alerts) == 0) ||
		(m.Kind == notifier.KindReport && m.Report == nil) || m.Kind == "" {
		return e.Summary
	}
	l := render.EN
	if lang == i18n.ZH {
		l = render.ZH
	}
	return render.Summary(&m, render.Options{Lang: l})
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
