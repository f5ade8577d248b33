package notifier

import (
	"path"
	"slices"
)

// Route sends the alerts it matches to its channels. An alert matches
// when its severity is one of Severities (any, when empty) and its host
// matches one of Hosts (shell patterns as path.Match: "web*", "db-?"; any,
// when empty). An alert goes to the channels of every route it matches;
// with no routes at all, every alert goes to every channel.
type Route struct {
	Severities []Severity
	Hosts      []string
	Channels   []string
}

// Match reports whether a goes through r.
func (r Route) Match(a Alert) bool {
	if len(r.Severities) > 0 && !slices.Contains(r.Severities, a.Severity) {
		return false
	}
	if len(r.Hosts) == 0 {
		return true
	}
	for _, p := range r.Hosts {
		if ok, _ := path.Match(p, a.Host); ok {
			return true
		}
	}
	return false
}
