package render

import (
	"regexp"

	"lookout/internal/i18n"
	"lookout/notifier"
)

var noDataSince = regexp.MustCompile(`^no data since (\d\d:\d\d)$`)

// hostError is a report host's error for people in l: the service's own
// "no data since 10:00" translated, a host's poll error as it said it.
func hostError(s string, l Lang) string {
	if m := noDataSince.FindStringSubmatch(s); m != nil {
		return i18n.T(l.i18n(), "no data since %s", m[1])
	}
	return s
}

// note is a's note for people in l (i18n.Note).
func note(a notifier.Alert, l Lang) string { return i18n.Note(l.i18n(), a.Rule, a.Note) }
