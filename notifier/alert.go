package notifier

import (
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// Severity is how urgent an alert is.
type Severity int

// Severities, from least to most urgent.
const (
	Info Severity = iota
	Warning
	Critical
)

// String returns "info", "warning" or "critical".
func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Critical:
		return "critical"
	}
	return "info"
}

// ParseSeverity parses "info", "warning" or "critical".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "info":
		return Info, nil
	case "warning":
		return Warning, nil
	case "critical":
		return Critical, nil
	}
	return Info, fmt.Errorf("unknown severity %q (expected info, warning or critical)", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Alert is one alert event as the notifier shows it: a rule of one host
// that started firing, is still firing, or resolved. The caller maps its
// engine's events into this type.
type Alert struct {
	Host string `json:"host"`
	// Rule is the rule's key ("cpu", "disk:/data", "process:nginx"):
	// messages show its human name (i18n.RuleName); Metric is the series it
	// watches ("cpu", "mem", "disk:/data", "load_per_core"; "" for a
	// condition).
	Rule   string `json:"rule"`
	Metric string `json:"metric"`
	// Severity is the level the rule reached (for a resolved alert: the
	// level it had).
	Severity Severity `json:"severity"`
	Resolved bool     `json:"resolved,omitempty"`
	// Reminder marks a repeat of an alert that is still firing: the
	// message says so, and since when.
	Reminder bool `json:"reminder,omitempty"`
	// Was is the severity before this event when the event changes it (a
	// critical alert that fell back to warning says "was critical"); Info
	// when the severity did not change.
	Was Severity `json:"was,omitempty"`
	// Value is the current value, Threshold the bound that was crossed and
	// Peak the worst value since Start. Unit is appended to all three ("%"
	// for percentages, "" for load).
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
	Peak      float64 `json:"peak"`
	Unit      string  `json:"unit,omitempty"`
	// Start is when the condition began; At is the time of this event
	// (for a resolved alert: when it ended).
	Start time.Time `json:"start"`
	At    time.Time `json:"at"`
	// Usage is the host's figures at the time of the event (the seeds'
	// CPU / MEM / SWP / disk lines), when known.
	Usage *Usage `json:"usage,omitempty"`
	// TopCPU and TopMem are the processes using the most CPU and memory:
	// what caused it.
	TopCPU []Proc `json:"top_cpu,omitempty"`
	TopMem []Proc `json:"top_mem,omitempty"`
	// Chart is an optional PNG of the metric around the event.
	Chart []byte `json:"chart,omitempty"`
	// Note says what the figures cannot: an unreachable host's poll error,
	// why an alert resolved without a value.
	Note string `json:"note,omitempty"`
}

// Condition reports whether the alert is a condition (a host unreachable,
// a process missing) rather than a figure over a threshold: it has no
// metric, and its value and threshold mean nothing.
func (a Alert) Condition() bool { return a.Metric == "" }

// Duration is how long the condition has lasted (or lasted, when resolved).
func (a Alert) Duration() time.Duration {
	if a.Start.IsZero() || a.At.Before(a.Start) {
		return 0
	}
	return a.At.Sub(a.Start)
}

// Usage is a host's main figures, in percent (NaN when unknown), and its
// load per core.
type Usage struct {
	CPU  float64 `json:"cpu"`
	Mem  float64 `json:"mem"`
	Swap float64 `json:"swap"`
	// Disk is the fullest filesystem, mounted at DiskMount.
	Disk      float64 `json:"disk"`
	DiskMount string  `json:"disk_mount,omitempty"`
	// Load is the 1-minute load average divided by the number of cores.
	Load float64 `json:"load"`
}

// MarshalJSON writes NaN figures as null (JSON has no NaN).
func (u Usage) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"cpu": num(u.CPU), "mem": num(u.Mem), "swap": num(u.Swap),
		"disk": num(u.Disk), "disk_mount": u.DiskMount, "load": num(u.Load)})
}

// UnmarshalJSON reads null figures back as NaN.
func (u *Usage) UnmarshalJSON(b []byte) error {
	var v struct {
		CPU, Mem, Swap, Disk, Load *float64
		DiskMount                  string `json:"disk_mount"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*u = Usage{CPU: unnum(v.CPU), Mem: unnum(v.Mem), Swap: unnum(v.Swap), Disk: unnum(v.Disk),
		Load: unnum(v.Load), DiskMount: v.DiskMount}
	return nil
}

func num(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

func unnum(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// Proc is one process in a top list.
type Proc struct {
	PID  int     `json:"pid"`
	Name string  `json:"name"`
	CPU  float64 `json:"cpu"` // percent of one core
	RSS  uint64  `json:"rss"` // bytes
}

// Report is the periodic (or on demand) summary of every host: the seeds'
// "monitoring report" with the figures of the period and its alerts.
type Report struct {
	// Title overrides the default title ("Lookout report").
	Title string       `json:"title,omitempty"`
	From  time.Time    `json:"from"`
	To    time.Time    `json:"to"`
	Hosts []HostReport `json:"hosts"`
	// Alerts are the alerts raised during the period.
	Alerts []Alert `json:"alerts,omitempty"`
	// Chart is an optional PNG of every host's figures over the period;
	// Pages are its continuation when one image cannot hold the fleet.
	Chart []byte   `json:"chart,omitempty"`
	Pages [][]byte `json:"pages,omitempty"`
}

// HostReport is one host's figures over a report's period.
type HostReport struct {
	Host string `json:"host"`
	CPU  Stat   `json:"cpu"`
	Mem  Stat   `json:"mem"`
	Swap Stat   `json:"swap"`
	// Disk is the fullest filesystem, mounted at DiskMount.
	Disk      Stat   `json:"disk"`
	DiskMount string `json:"disk_mount,omitempty"`
	// Load is the load average per core.
	Load Stat `json:"load"`
	// Error says why the host has no figures (unreachable, ...).
	Error string `json:"error,omitempty"`
	// Chart is an optional PNG of this host's figures over the period.
	Chart []byte `json:"chart,omitempty"`
	// Procs are the host's count_processes keywords over the period: the
	// count range, what one process costs, the count at the peaks.
	Procs []ProcCost `json:"procs,omitempty"`
}

// ProcCost is what one process of a count_processes keyword costs on a
// host over a report's period (least squares of CPU and memory against
// the count), and how many ran at the period's CPU and memory peaks.
type ProcCost struct {
	Keyword  string `json:"keyword"`
	Min, Max int
	// CPU is in percentage points per process, Mem in bytes per process;
	// nil when the count varied too little to fit.
	CPU *ProcFit `json:"cpu,omitempty"`
	Mem *ProcFit `json:"mem,omitempty"`
	// AtCPUPeak and AtMemPeak are the counts at the CPU and memory peaks;
	// -1 when unknown.
	AtCPUPeak int `json:"at_cpu_peak"`
	AtMemPeak int `json:"at_mem_peak"`
}

// ProcFit is one fitted cost per process and its quality.
type ProcFit struct {
	PerProc float64 `json:"per_proc"`
	// R2 is the fit's R² (1: a perfect line); Samples how many it rests on.
	R2      float64 `json:"r2"`
	Samples int     `json:"samples"`
}

// Stat is a figure's current, average and peak value over a period (NaN
// when unknown).
type Stat struct {
	Cur  float64 `json:"cur"`
	Avg  float64 `json:"avg"`
	Peak float64 `json:"peak"`
}

// MarshalJSON writes NaN values as null.
func (s Stat) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]*float64{"cur": num(s.Cur), "avg": num(s.Avg), "peak": num(s.Peak)})
}

// UnmarshalJSON reads null values back as NaN.
func (s *Stat) UnmarshalJSON(b []byte) error {
	var v struct{ Cur, Avg, Peak *float64 }
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = Stat{Cur: unnum(v.Cur), Avg: unnum(v.Avg), Peak: unnum(v.Peak)}
	return nil
}

// NaNStat is a Stat with nothing known.
var NaNStat = Stat{Cur: math.NaN(), Avg: math.NaN(), Peak: math.NaN()}
