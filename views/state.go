package views

import (
	"image/color"

	"lookout/entity"
	"lookout/internal/i18n"
)

// Severity is a host's alert state: what its stripe, dot, state text,
// place in the overview, the "in trouble" count and the tray's colour
// say. It follows the alert engine (and polling), never the colour
// grades of the figures: a 40 %-full disk does not make a host orange;
// only the level bars inside a card show grades.
type Severity int

// Severities, from calm to alarming. Unreachable ranks between warning and
// critical: a host that cannot be read may be down, but a host known to
// be in trouble is worse. Silenced hosts have open alerts that a silence
// or a snooze holds; paused hosts are not polled.
const (
	SeverityOK Severity = iota
	SeveritySilenced
	SeverityPaused
	SeverityWarning
	SeverityUnreachable
	SeverityCritical
)

// String names the severity as the tray icons and the i18n phrases do.
func (s Severity) String() string {
	switch s {
	case SeveritySilenced:
		return "silenced"
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

// Troubled reports whether a host in this state needs someone: warning,
// unreachable or critical.
func (s Severity) Troubled() bool { return s >= SeverityWarning }

// HostSeverity is one host's alert state: a changed host key or an
// unsilenced critical alert is critical; a host that cannot be read is
// unreachable; an unsilenced warning alert is a warning; then paused
// polling; then alerts all held by silences; else ok. The grade of its
// figures plays no part.
func HostSeverity(v HostView) Severity {
	firing := v.Alert == "critical" || v.Alert == "warning"
	switch {
	case v.State == entity.StateKeyChanged:
		return SeverityCritical
	case v.Alert == "critical" && !v.Silenced:
		return SeverityCritical
	case v.State == entity.StateUnreachable || v.State == entity.StateUntrusted:
		return SeverityUnreachable
	case v.Alert == "warning" && !v.Silenced:
		return SeverityWarning
	case v.State == entity.StatePaused:
		return SeverityPaused
	case firing && v.Silenced:
		return SeveritySilenced
	}
	return SeverityOK
}

// State colours: one per alert state. OK is the calm blue of the tray,
// warning and critical the grades' orange and red, unreachable grey,
// paused a light grey and silenced a muted purple.
var (
	ColorPaused   = color.NRGBA{0xbd, 0xbd, 0xbd, 0xff}
	ColorSilenced = color.NRGBA{0x94, 0x67, 0xbd, 0xff}
)

// SeverityColor is the colour of an alert state.
func SeverityColor(s Severity) color.Color {
	switch s {
	case SeverityCritical:
		return ColorHigh
	case SeverityWarning:
		return ColorMid
	case SeverityUnreachable:
		return ColorUnknown
	case SeverityPaused:
		return ColorPaused
	case SeveritySilenced:
		return ColorSilenced
	}
	return ColorLow
}

// StateColor is the colour of a host's stripe and dot: its alert state's.
// A host not polled yet is grey: nothing is known of it.
func StateColor(v HostView) color.Color {
	s := HostSeverity(v)
	if s == SeverityOK && (v.State == entity.StatePending || v.State == "") {
		return ColorUnknown
	}
	return SeverityColor(s)
}

// StateText names a host's alert state in lang, the same word the colour
// means: "ok", "warning", "critical", "unreachable", "paused", "silenced".
// A host never polled yet says "pending"; an untrusted or changed key
// says so, since that is what the person must act on.
func StateText(v HostView, lang i18n.Lang) string {
	s := HostSeverity(v)
	switch {
	case v.State == entity.StateKeyChanged:
		return i18n.T(lang, string(entity.StateKeyChanged))
	case s == SeverityUnreachable && v.State == entity.StateUntrusted:
		return i18n.T(lang, string(entity.StateUntrusted))
	case s == SeverityOK && (v.State == entity.StatePending || v.State == ""):
		return i18n.T(lang, "pending")
	}
	return i18n.T(lang, s.String())
}
