package render

import (
	"strings"
	"unicode"

	"lookout/notifier"
)

// Process names, mount points, poll errors (and host names found by fleet
// discovery) come from the monitored hosts: they are data, never markup.
// Build passes them through oneLine, so that no control character (a
// newline above all) can add a line to a message, and every dialect
// escapes what its markup would read in them (links, emphasis, code,
// headings, quotes, tags, @-mentions).

// oneLine returns s on one line: a line break becomes "␤", any other
// control character, line or paragraph separator, or bidirectional
// override becomes "�".
func oneLine(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
			b.WriteRune('␤')
		case unsafeRune(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069', r == '\u200E', r == '\u200F':
		return true // bidirectional embeddings, overrides and isolates
	}
	return false
}

// untrusted returns a copy of m whose host-supplied strings are on one
// line.
func untrusted(m *notifier.Message) *notifier.Message {
	c := *m
	c.Alerts = cleanAlerts(m.Alerts)
	if m.Report != nil {
		r := *m.Report
		r.Alerts = cleanAlerts(r.Alerts)
		r.Hosts = make([]notifier.HostReport, len(m.Report.Hosts))
		for i, h := range m.Report.Hosts {
			h.Host, h.DiskMount, h.Error = oneLine(h.Host), oneLine(h.DiskMount), oneLine(h.Error)
			if h.Procs != nil {
				h.Procs = append([]notifier.ProcCost(nil), h.Procs...)
				for j := range h.Procs {
					h.Procs[j].Keyword = oneLine(h.Procs[j].Keyword)
				}
			}
			r.Hosts[i] = h
		}
		c.Report = &r
	}
	return &c
}

func cleanAlerts(as []notifier.Alert) []notifier.Alert {
	if as == nil {
		return nil
	}
	out := make([]notifier.Alert, len(as))
	for i, a := range as {
		a.Host, a.Rule, a.Metric, a.Note = oneLine(a.Host), oneLine(a.Rule), oneLine(a.Metric), oneLine(a.Note)
		if a.Usage != nil {
			u := *a.Usage
			u.DiskMount = oneLine(u.DiskMount)
			a.Usage = &u
		}
		a.TopCPU, a.TopMem = cleanProcs(a.TopCPU), cleanProcs(a.TopMem)
		out[i] = a
	}
	return out
}

func cleanProcs(ps []notifier.Proc) []notifier.Proc {
	if ps == nil {
		return nil
	}
	out := make([]notifier.Proc, len(ps))
	for i, p := range ps {
		p.Name = oneLine(p.Name)
		out[i] = p
	}
	return out
}
