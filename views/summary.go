package views

import (
	"sort"

	"lookout/entity"

	"lookout/internal/i18n"
)

// Reason says in a few words why a host has its alert state: "Memory
// 92.0 %", "unreachable: connection refused", "paused"; "" for a host
// that is ok.
func Reason(v HostView, lang i18n.Lang) string {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	switch v.State {
	case entity.StateUnreachable, entity.StateUntrusted, entity.StateKeyChanged:
		if v.Error != "" {
			return t(string(v.State)) + i18n.Colon(lang) + v.Error
		}
		return t(string(v.State))
	}
	if v.AlertText != "" {
		return v.AlertText
	}
	if s := HostSeverity(v); s != SeverityOK {
		return StateText(v, lang)
	}
	return ""
}

// Summary is the tray's glance: the worst severity across hosts, the
// host that has it and why, and every host in trouble, worst first.
type Summary struct {
	Severity Severity
	Host     string
	Reason   string
	Troubled []HostView // hosts at warning or worse
}

// Summarize builds the tray's summary of hosts.
func Summarize(hosts []HostView, lang i18n.Lang) Summary {
	sorted := SortWorstFirst(hosts)
	var s Summary
	if len(sorted) == 0 {
		return s
	}
	worst := sorted[0]
	s.Severity = HostSeverity(worst)
	if s.Severity > SeverityOK {
		s.Host, s.Reason = worst.Name, Reason(worst, lang)
	}
	for _, h := range sorted {
		if HostSeverity(h).Troubled() {
			s.Troubled = append(s.Troubled, h)
		}
	}
	return s
}

// SortWorstFirst returns hosts ordered by severity, worst first, then by
// name.
func SortWorstFirst(hosts []HostView) []HostView {
	out := append([]HostView(nil), hosts...)
	sort.SliceStable(out, func(i, j int) bool {
		si, sj := HostSeverity(out[i]), HostSeverity(out[j])
		if si != sj {
			return si > sj
		}
		return out[i].Name < out[j].Name
	})
	return out
}
