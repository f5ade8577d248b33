package render

import (
	"regexp"
	"strings"
	"time"

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

var changedState = regexp.MustCompile(`^changed state (\d+) times in (\S+)$`)

// note is a's note for people in lang: its known parts (joined by "; ")
// translated, and without the line that only restates the rule ("nginx
// is not running" under "Process nginx missing").
func note(a notifier.Alert, l Lang) string {
	if a.Note == "" {
		return ""
	}
	if _, proc, ok := strings.Cut(a.Rule, ":"); ok && strings.HasPrefix(a.Rule, "process:") && a.Note == proc+" is not running" {
		return ""
	}
	lang := l.i18n()
	parts := strings.Split(a.Note, "; ")
	for i, s := range parts {
		if m := changedState.FindStringSubmatch(s); m != nil {
			window := m[2]
			if d, err := time.ParseDuration(window); err == nil {
				window = l.duration(d)
			}
			parts[i] = i18n.T(lang, "changed state %s times in %s", m[1], window)
			continue
		}
		parts[i] = i18n.T(lang, s)
	}
	sep := "; "
	if l == ZH {
		sep = "；"
	}
	return strings.Join(parts, sep)
}
