package i18n

import (
	"regexp"
	"strings"
	"time"
)

var changedState = regexp.MustCompile(`^changed state (\d+) times in (\S+)$`)

// Note is an alert's note for people in lang: its known parts (joined by
// "; ", the engine's and the service's own words) translated, a host's
// own words (its poll error) as it said them, and without the line that
// only restates the rule ("nginx is not running" under "Process nginx
// missing"). rule is the alert's rule key.
func Note(lang Lang, rule, note string) string {
	if note == "" {
		return ""
	}
	if proc, ok := strings.CutPrefix(rule, "process:"); ok && note == proc+" is not running" {
		return ""
	}
	parts := strings.Split(note, "; ")
	for i, s := range parts {
		if m := changedState.FindStringSubmatch(s); m != nil {
			window := m[2]
			if d, err := time.ParseDuration(window); err == nil {
				window = Duration(lang, d)
			}
			parts[i] = T(lang, "changed state %s times in %s", m[1], window)
			continue
		}
		parts[i] = T(lang, s)
	}
	sep := "; "
	if lang == ZH {
		sep = "；"
	}
	return strings.Join(parts, sep)
}
