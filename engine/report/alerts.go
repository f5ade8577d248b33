package report

import (
	"sort"
	"time"
)

// Incident is one alert of the period from its firing to its resolution
// (or to the period's end, when it is still open).
type Incident struct {
	Host string
	// Key is what the rule watches ("cpu", "disk:/data", "unreachable").
	Key      string
	Severity string // the worst it reached: "warning" or "critical"
	Start    time.Time
	// End is when it resolved, or the period's end when Open.
	End  time.Time
	Open bool
	Peak float64
}

// Duration is End - Start.
func (i Incident) Duration() time.Duration { return i.End.Sub(i.Start) }

// AlertSummary is the period's alerts at a glance: how many, the longest,
// which are still open.
type AlertSummary struct {
	// Count is the number of incidents (an alert escalated from warning to
	// critical counts once).
	Count int
	// Longest is the incident that lasted longest (zero if Count is 0).
	Longest Incident
	// Open are the incidents still firing at the period's end, longest
	// first.
	Open []Incident
	// Incidents are all of them, oldest first.
	Incidents []Incident
}

// Incidents pairs a host's alert events into incidents: events with the
// same ID (or, without IDs, the same key) from a firing to its resolution.
// An incident with no resolution by to is open and ends at to.
func Incidents(host string, alerts []Alert, to time.Time) []Incident {
	var out []Incident
	idx := map[string]int{}
	for _, a := range alerts {
		id := a.ID
		if id == "" {
			id = a.Metric
		}
		i, ok := idx[id]
		if !ok || !out[i].Open {
			if a.Severity == "resolved" && ok {
				continue
			}
			start := a.Start
			if start.IsZero() || start.After(a.At) {
				start = a.At
			}
			out = append(out, Incident{Host: host, Key: a.Metric, Severity: a.Severity, Start: start, Open: true, Peak: a.Value})
			i = len(out) - 1
			idx[id] = i
			if a.Severity == "resolved" { // resolution of an alert fired before the period
				out[i].Severity, out[i].Open, out[i].End = "warning", false, a.At
				continue
			}
		}
		in := &out[i]
		switch a.Severity {
		case "resolved":
			in.Open, in.End = false, a.At
		case "critical":
			in.Severity = "critical"
		}
		in.Peak = max(in.Peak, a.Value, a.Peak)
	}
	for i := range out {
		if out[i].Open {
			out[i].End = to
		}
	}
	return out
}

// summarizeAlerts builds the report's AlertSummary from its hosts.
func summarizeAlerts(r *Report) AlertSummary {
	var s AlertSummary
	for _, h := range r.Hosts {
		s.Incidents = append(s.Incidents, h.Incidents...)
	}
	sort.SliceStable(s.Incidents, func(i, j int) bool { return s.Incidents[i].Start.Before(s.Incidents[j].Start) })
	s.Count = len(s.Incidents)
	for _, in := range s.Incidents {
		if in.Duration() > s.Longest.Duration() || s.Longest.Host == "" {
			s.Longest = in
		}
		if in.Open {
			s.Open = append(s.Open, in)
		}
	}
	sort.SliceStable(s.Open, func(i, j int) bool { return s.Open[i].Duration() > s.Open[j].Duration() })
	return s
}

// OpenSeverity is the worst severity among the host's open incidents ("" if none).
func (h Host) OpenSeverity() string {
	sev := ""
	for _, in := range h.Incidents {
		if in.Open && (sev == "" || in.Severity == "critical") {
			sev = in.Severity
		}
	}
	return sev
}
