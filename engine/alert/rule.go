package alert

import (
	"math"
	"strings"
	"time"

	"lookout/entity"
)

// Rule is one rule as the engine runs it, with every value resolved from
// the configuration.
type Rule struct {
	Name    string
	Enabled bool
	// Warning and Critical are thresholds in the rule's unit; +Inf for a
	// level that is not used. A condition rule has 1 at its severity.
	Warning, Critical float64
	// Sustain is how many samples are averaged; For how long the averaged
	// condition must hold before the rule fires.
	Sustain int
	For     time.Duration
	// Hysteresis is how far below a threshold the average must fall to
	// clear it.
	Hysteresis float64
	// Repeat is the interval between reminders; 0 never.
	Repeat time.Duration
}

// ruleFrom converts a resolved config rule.
func ruleFrom(r entity.Rule) Rule {
	out := Rule{Name: r.Name, Enabled: r.Enabled, Warning: r.Warning, Critical: r.Critical,
		Sustain: max(r.Sustain, 1), For: r.For, Hysteresis: r.Hysteresis, Repeat: r.Repeat}
	if entity.IsConditionRule(r.Name) {
		out.Warning, out.Critical, out.Hysteresis = math.Inf(1), math.Inf(1), 0
		if r.Severity == entity.SeverityWarning {
			out.Warning = 1
		} else {
			out.Critical = 1
		}
	}
	return out
}

// lowest is the lower of the two thresholds: the level at which a sample
// makes the rule pending.
func (r *Rule) lowest() float64 { return math.Min(r.Warning, r.Critical) }

// threshold returns the level of severity s.
func (r *Rule) threshold(s Severity) float64 {
	if s == SeverityCritical {
		return r.Critical
	}
	if math.IsInf(r.Warning, 1) {
		return r.Critical
	}
	return r.Warning
}

// target is the severity an average calls for, given the current one:
// reaching a threshold raises it; clearing it takes falling below the
// threshold minus the hysteresis margin.
func (r *Rule) target(avg float64, cur Severity) Severity {
	holds := func(thr float64, firing bool) bool {
		if firing {
			return avg >= thr || avg > thr-r.Hysteresis
		}
		return avg >= thr
	}
	switch {
	case holds(r.Critical, cur == SeverityCritical):
		return SeverityCritical
	case holds(r.Warning, cur.rank() >= 1):
		return SeverityWarning
	}
	return SeverityNone
}

// policy is the rules of one host.
type policy struct {
	rules      map[string]*Rule // by rule name
	mounts     map[string]*Rule // disk rules of mounts with settings of their own
	flapFlips  int
	flapWindow time.Duration
}

func newPolicy(rs entity.RuleSet) *policy {
	p := &policy{rules: map[string]*Rule{}, mounts: map[string]*Rule{}, flapFlips: rs.FlapFlips, flapWindow: rs.FlapWindow}
	for name, r := range rs.Rules {
		rr := ruleFrom(r)
		p.rules[name] = &rr
	}
	for m, r := range rs.Mounts {
		rr := ruleFrom(r)
		p.mounts[m] = &rr
	}
	return p
}

// ruleFor returns the rule that watches key ("cpu", "disk:/var",
// "process:nginx").
func (p *policy) ruleFor(key string) *Rule {
	name, member, _ := strings.Cut(key, ":")
	if name == entity.RuleDisk {
		if r, ok := p.mounts[member]; ok {
			return r
		}
	}
	return p.rules[name]
}

// spec describes how a rule reads a snapshot.
type spec struct {
	metric string // the series charted in events ("" for conditions)
	unit   string
	part   string // the Snapshot.Errors part whose failure leaves it unknown
}

var specs = map[string]spec{
	entity.RuleCPU:         {entity.MetricCPU, "%", "cpu"},
	entity.RuleMem:         {entity.MetricMem, "%", "mem"},
	entity.RuleSwap:        {entity.MetricSwap, "%", "mem"},
	entity.RuleDisk:        {"disk:", "%", "disks"},
	entity.RuleLoad:        {entity.MetricLoadPerCore, "", "load"},
	entity.RuleNetRx:       {entity.MetricNetRx, "B/s", "net"},
	entity.RuleNetTx:       {entity.MetricNetTx, "B/s", "net"},
	entity.RuleTemp:        {entity.MetricTempMax, "°C", "sensors"},
	entity.RuleProcess:     {"", "", "procs"},
	entity.RuleUnreachable: {"", "", ""},
	entity.RuleKeyChanged:  {"", "", ""},
}

// metricOf returns the charted series of key.
func metricOf(key string) string {
	name, member, _ := strings.Cut(key, ":")
	if name == entity.RuleDisk {
		return "disk:" + member
	}
	return specs[name].metric
}
