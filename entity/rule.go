package entity

import "time"

// Rule names. Threshold rules compare a number with a warning and a
// critical threshold; condition rules (process, unreachable, key_changed)
// are true or false and fire at one severity.
const (
	RuleCPU         = "cpu"           // CPU busy, percent of all cores
	RuleMem         = "mem"           // memory used, percent
	RuleSwap        = "swap"          // swap used, percent
	RuleDisk        = "disk"          // each filesystem's use, percent
	RuleLoad        = "load_per_core" // 1-minute load divided by the cores
	RuleNetRx       = "net_rx"        // bytes per second received, all interfaces
	RuleNetTx       = "net_tx"        // bytes per second sent, all interfaces
	RuleTemp        = "temp"          // hottest sensor, degrees Celsius
	RuleProcess     = "process"       // a required process is not running
	RuleUnreachable = "unreachable"   // the host cannot be polled
	RuleKeyChanged  = "key_changed"   // the host's SSH key changed
)

// RuleNames lists every rule, in the order events and listings use.
var RuleNames = []string{RuleCPU, RuleMem, RuleSwap, RuleDisk, RuleLoad, RuleNetRx, RuleNetTx,
	RuleTemp, RuleProcess, RuleUnreachable, RuleKeyChanged}

// IsConditionRule reports whether rule name is a condition (true or false)
// rather than a threshold on a number.
func IsConditionRule(name string) bool {
	return name == RuleProcess || name == RuleUnreachable || name == RuleKeyChanged
}

// Severity names, as the configuration writes them.
const (
	SeverityWarning  = "warning"
	SeverityCritical = "critical"
)

// Rule is one rule with every value resolved from the configuration, as
// the alert engine runs it.
type Rule struct {
	Name    string // one of RuleNames
	Enabled bool
	// Warning and Critical are +Inf for a level that is not set.
	Warning, Critical float64
	// Severity is the level of a condition rule.
	Severity   string
	Sustain    int
	For        time.Duration
	Hysteresis float64
	Repeat     time.Duration
}

// RuleSet is every rule in force for one host.
type RuleSet struct {
	Rules      map[string]Rule // by name
	Mounts     map[string]Rule // disk rules of mount points with settings of their own
	FlapFlips  int
	FlapWindow time.Duration
}

// Disk returns the disk rule for a mount point.
func (rs RuleSet) Disk(mount string) Rule {
	if r, ok := rs.Mounts[mount]; ok {
		return r
	}
	return rs.Rules[RuleDisk]
}
