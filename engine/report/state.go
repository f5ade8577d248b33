package report

import (
	"cmp"
	"slices"

	"lookout/entity"
)

// State is a host's state at the period's end, what the summary's first
// column says and its colour: the alert state, not the figures' grades.
type State string

// States, from best to worst.
const (
	StateOK          State = "ok"
	StateWarning     State = "warning"
	StateCritical    State = "critical"
	StateUnreachable State = "unreachable"
)

// State returns h's state: unreachable when the store has nothing or the
// host stopped answering, else the worst of its alerts still open.
func (h Host) State() State {
	switch {
	case h.Error != "" || h.Stale || h.LastSeen.IsZero():
		return StateUnreachable
	case h.OpenSeverity() == "critical":
		return StateCritical
	case h.OpenSeverity() == "warning":
		return StateWarning
	}
	return StateOK
}

func (s State) rank() int {
	return slices.Index([]State{StateOK, StateWarning, StateCritical, StateUnreachable}, s)
}

// Level is the colour of the state: red for critical and unreachable,
// orange for warning, none (LevelLow) for ok.
func (s State) Level() entity.Level {
	switch s {
	case StateCritical, StateUnreachable:
		return entity.LevelHigh
	case StateWarning:
		return entity.LevelMid
	}
	return entity.LevelLow
}

// PeakLevel is the highest level any of h's figures reached.
func (h Host) PeakLevel() entity.Level {
	l := entity.LevelLow
	for _, s := range h.Stats {
		l = max(l, s.PeakLevel)
	}
	return l
}

func (h Host) maxPeak() float64 {
	v := 0.0
	for _, s := range h.Stats {
		if s.Percent && s.Peak > v {
			v = s.Peak
		}
	}
	return v
}

// WorstFirst returns r's hosts ordered worst first: by state, then by the
// highest level reached, the number of incidents, the highest percentage
// peak, and name.
func WorstFirst(hosts []Host) []Host {
	out := slices.Clone(hosts)
	slices.SortStableFunc(out, func(a, b Host) int {
		return cmp.Or(
			cmp.Compare(b.State().rank(), a.State().rank()),
			cmp.Compare(b.PeakLevel(), a.PeakLevel()),
			cmp.Compare(b.Worst(), a.Worst()),
			cmp.Compare(len(b.Incidents), len(a.Incidents)),
			cmp.Compare(b.maxPeak(), a.maxPeak()),
			cmp.Compare(a.Name, b.Name))
	})
	return out
}

// Notable reports whether h earns charts in the report: it had alerts, or
// a figure reached the high grade (red) during the period.
func (h Host) Notable() bool {
	return len(h.Incidents) > 0 || h.PeakLevel() == entity.LevelHigh
}

// gradeStat grades value v of metric m: percentages directly, load per core.
func gradeStat(m entity.Metric, v float64, g entity.Grades, cores int) entity.Level {
	if v != v { // NaN
		return entity.LevelLow
	}
	if m == entity.MetricLoad1 {
		return g.Grade(v / float64(max(cores, 1)) * 100)
	}
	return g.Grade(v)
}
