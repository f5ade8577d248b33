package views

import (
	"fmt"
	"sort"

	"lookout/entity"

	"lookout/internal/i18n"
)

// Severity orders hosts for the overview and the tray: the worst first.
type Severity int

// Severities, from calm to alarming. Unreachable ranks between warning and
// critical: a host that cannot be read may be down, but a host known to
// be in trouble is worse.
const (
	SeverityOK Severity = iota
	SeverityPaused
	SeverityWarning
	SeverityUnreachable
	SeverityCritical
)

// String names the severity as the tray icons do.
func (s Severity) String() string {
	switch s {
	case SeverityPaused:
		return "paused"
	case SeverityWarning:
		return "warning"
	case SeverityUnreachable:
		return "unreachable"
	case SeverityCritical:
		return "critical"
	}
	return "ok"
}

// HostSeverity ranks one host: a firing alert's severity when there is
// one, else its polling state, else the grade of its worst figure.
func HostSeverity(v HostView) Severity {
	s := SeverityOK
	switch v.State {
	case entity.StateKeyChanged:
		return SeverityCritical
	case entity.StateUnreachable, entity.StateUntrusted:
		s = SeverityUnreachable
	case entity.StatePaused:
		s = SeverityPaused
	case entity.StatePending:
		return SeverityOK
	default:
		switch v.Level {
		case entity.LevelHigh:
			s = SeverityCritical
		case entity.LevelMid:
			s = SeverityWarning
		}
		if len(v.Missing) > 0 {
			s = max(s, SeverityWarning)
		}
	}
	switch v.Alert {
	case "critical":
		s = max(s, SeverityCritical)
	case "warning":
		s = max(s, SeverityWarning)
	}
	return s
}

// Reason says in a few words why a host has its severity: "CPU 97.0 %",
// "unreachable: connection refused".
func Reason(v HostView, lang i18n.Lang) string {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	switch v.State {
	case entity.StateUnreachable, entity.StateUntrusted, entity.StateKeyChanged, entity.StatePaused:
		if v.Error != "" && v.State != entity.StatePaused {
			return t(string(v.State)) + ": " + v.Error
		}
		return t(string(v.State))
	}
	if v.AlertText != "" {
		return v.AlertText
	}
	if len(v.Missing) > 0 && v.Level < entity.LevelHigh {
		return t("missing") + ": " + fmt.Sprint(v.Missing)
	}
	name, val := t("CPU"), v.CPU
	for _, m := range []struct {
		name string
		v    float64
	}{{t("Memory"), v.Mem}, {t("Swap"), v.Swap}, {t("Disk") + " " + v.DiskName, v.Disk}} {
		if m.v > val {
			name, val = m.name, m.v
		}
	}
	return fmt.Sprintf("%s %s", name, formatPct(val))
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
		if HostSeverity(h) >= SeverityWarning {
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
