package config

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"

	"lookout/entity"
)

// isPercentRule reports whether rule name measures percent (0–100).
func isPercentRule(name string) bool {
	return name == entity.RuleCPU || name == entity.RuleMem || name == entity.RuleSwap || name == entity.RuleDisk
}

// Rules is the [rules] table, and the [hosts.rules] table of one host,
// which overrides it. Every field is optional; unset fields fall back to
// the next less specific place (see RulesFor).
//
// Sustain and For at this level apply to every threshold rule; Hysteresis
// only to those measured in percent or degrees (cpu, mem, swap, disk,
// temp), since load and network rates have units of their own and take a
// margin in their own tables. Repeat applies to every rule, conditions
// included.
type Rules struct {
	// Sustain is how many of the latest samples are averaged before a
	// threshold is compared (1–60; default 3).
	Sustain *int `toml:"sustain"`
	// For is how long the sustained condition must hold before the rule
	// fires (default 0: at once).
	For *Duration `toml:"for"`
	// Hysteresis is the margin below a threshold the value must fall to
	// clear it, in the rule's unit (default 5).
	Hysteresis *float64 `toml:"hysteresis"`
	// Repeat is how often a firing alert is sent again; 0 never
	// (default 30m).
	Repeat *Duration `toml:"repeat"`
	// FlapFlips state changes within FlapWindow mark a rule as flapping
	// (default 6 in 10m; 0 turns flap detection off).
	FlapFlips  *int      `toml:"flap_flips"`
	FlapWindow *Duration `toml:"flap_window"`

	CPU         *RuleConfig     `toml:"cpu"`
	Mem         *RuleConfig     `toml:"mem"`
	Swap        *RuleConfig     `toml:"swap"`
	Disk        *DiskRuleConfig `toml:"disk"`
	LoadPerCore *RuleConfig     `toml:"load_per_core"`
	NetRx       *RuleConfig     `toml:"net_rx"`
	NetTx       *RuleConfig     `toml:"net_tx"`
	Temp        *RuleConfig     `toml:"temp"`
	Process     *RuleConfig     `toml:"process"`
	Unreachable *RuleConfig     `toml:"unreachable"`
	KeyChanged  *RuleConfig     `toml:"key_changed"`
}

// RuleConfig is the table of one rule ([rules.cpu], [hosts.rules.mem], …).
type RuleConfig struct {
	// Enabled turns the rule off (false) or on. Network rules are off
	// until a threshold is set.
	Enabled *bool `toml:"enabled"`
	// Warning and Critical are the thresholds of a threshold rule, in its
	// unit; the rule fires when the sustained value reaches one.
	Warning  *float64 `toml:"warning"`
	Critical *float64 `toml:"critical"`
	// Severity is the level a condition rule fires at: "warning" or
	// "critical".
	Severity   string    `toml:"severity"`
	Sustain    *int      `toml:"sustain"`
	For        *Duration `toml:"for"`
	Hysteresis *float64  `toml:"hysteresis"`
	Repeat     *Duration `toml:"repeat"`
}

// DiskRuleConfig is [rules.disk]: the rule for every filesystem, and
// overrides per mount point ([rules.disk.mounts."/backup"]).
type DiskRuleConfig struct {
	RuleConfig
	Mounts map[string]RuleConfig `toml:"mounts"`
}

func (r *Rules) rule(name string) *RuleConfig {
	switch name {
	case entity.RuleCPU:
		return r.CPU
	case entity.RuleMem:
		return r.Mem
	case entity.RuleSwap:
		return r.Swap
	case entity.RuleDisk:
		if r.Disk == nil {
			return nil
		}
		return &r.Disk.RuleConfig
	case entity.RuleLoad:
		return r.LoadPerCore
	case entity.RuleNetRx:
		return r.NetRx
	case entity.RuleNetTx:
		return r.NetTx
	case entity.RuleTemp:
		return r.Temp
	case entity.RuleProcess:
		return r.Process
	case entity.RuleUnreachable:
		return r.Unreachable
	case entity.RuleKeyChanged:
		return r.KeyChanged
	}
	return nil
}

func (r *Rules) mounts() map[string]RuleConfig {
	if r.Disk == nil {
		return nil
	}
	return r.Disk.Mounts
}

// Built-in defaults of [rules].
const (
	defaultSustain    = 3
	defaultHysteresis = 5.0
	defaultRepeat     = 30 * time.Minute
	defaultFlapFlips  = 6
	defaultFlapWindow = 10 * time.Minute
)

// builtinRules are the defaults of every rule before any configuration.
// Hysteresis -1 means 10 % of the warning threshold (network rates, whose
// scale depends on the link).
var builtinRules = map[string]entity.Rule{
	entity.RuleCPU:         {Warning: 80, Critical: 95},
	entity.RuleMem:         {Warning: 85, Critical: 95},
	entity.RuleSwap:        {Warning: 50, Critical: 80},
	entity.RuleDisk:        {Warning: 85, Critical: 95},
	entity.RuleLoad:        {Warning: 1.5, Critical: 3, Hysteresis: 0.2},
	entity.RuleNetRx:       {Warning: math.Inf(1), Critical: math.Inf(1), Hysteresis: -1},
	entity.RuleNetTx:       {Warning: math.Inf(1), Critical: math.Inf(1), Hysteresis: -1},
	entity.RuleTemp:        {Warning: 80, Critical: 95},
	entity.RuleProcess:     {Severity: entity.SeverityCritical, Sustain: 2},
	entity.RuleUnreachable: {Severity: entity.SeverityCritical, Sustain: 1},
	entity.RuleKeyChanged:  {Severity: entity.SeverityCritical, Sustain: 1},
}

// hysteresisApplies reports whether the hysteresis key of a [rules] or
// [hosts.rules] table applies to rule name: the rules measured in percent
// or degrees, not load or network rates, whose units differ.
func hysteresisApplies(name string) bool { return isPercentRule(name) || name == entity.RuleTemp }

// layer is one table that may set a rule's values, with its key for
// error messages.
type layer struct {
	key  string
	base bool // a [rules] table: only sustain, for, hysteresis, repeat
	rc   *RuleConfig
}

// resolved is a rule and the keys that set its thresholds.
type resolved struct {
	entity.Rule
	warnKey, critKey, hystKey string
	warnAt, critAt            int // index of the layer that set each; -1: built in
}

func resolveRule(name string, layers []layer) resolved {
	r := resolved{Rule: builtinRules[name], warnAt: -1, critAt: -1}
	r.Name = name
	r.Enabled = true
	if !entity.IsConditionRule(name) {
		r.Sustain = defaultSustain
		if r.Hysteresis == 0 {
			r.Hysteresis = defaultHysteresis
		}
	}
	r.Repeat = defaultRepeat
	for i, l := range layers {
		c := l.rc
		if c == nil {
			continue
		}
		if l.base {
			if c.Repeat != nil {
				r.Repeat = time.Duration(*c.Repeat)
			}
			if entity.IsConditionRule(name) {
				continue
			}
			if c.Hysteresis != nil && hysteresisApplies(name) {
				r.Hysteresis, r.hystKey = *c.Hysteresis, l.key+".hysteresis"
			}
			if c.Sustain != nil {
				r.Sustain = *c.Sustain
			}
			if c.For != nil {
				r.For = time.Duration(*c.For)
			}
			continue
		} else {
			if c.Enabled != nil {
				r.Enabled = *c.Enabled
			}
			if c.Warning != nil {
				r.Warning, r.warnKey, r.warnAt = *c.Warning, l.key+".warning", i
			}
			if c.Critical != nil {
				r.Critical, r.critKey, r.critAt = *c.Critical, l.key+".critical", i
			}
			if c.Severity != "" {
				r.Severity = c.Severity
			}
			if c.Repeat != nil {
				r.Repeat = time.Duration(*c.Repeat)
			}
		}
		if c.Sustain != nil {
			r.Sustain = *c.Sustain
		}
		if c.For != nil {
			r.For = time.Duration(*c.For)
		}
		if c.Hysteresis != nil {
			r.Hysteresis, r.hystKey = *c.Hysteresis, l.key+".hysteresis"
		}
	}
	if (name == entity.RuleNetRx || name == entity.RuleNetTx) && math.IsInf(r.Warning, 1) && math.IsInf(r.Critical, 1) {
		r.Enabled = false
	}
	if r.Hysteresis < 0 {
		r.Hysteresis = 0.1 * math.Min(r.Warning, r.Critical)
	}
	return r
}

// baseLayer turns the top-level keys of a rules table into a layer.
func baseLayer(key string, r *Rules) layer {
	return layer{key: key, base: true, rc: &RuleConfig{Sustain: r.Sustain, For: r.For,
		Hysteresis: r.Hysteresis, Repeat: r.Repeat}}
}

func joinKey(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// mountKey is the key of a per-mount table as error messages write it.
func mountKey(prefix, mount string) string {
	return joinKey(prefix, fmt.Sprintf("disk.mounts.%q", mount))
}

// ruleLayers returns, least specific first, the tables that set rule name
// (mount: one filesystem of the disk rule) for host h (nil: no host).
func (c *Config) ruleLayers(h *Host, hkey, name, mount string) []layer {
	ls := []layer{baseLayer("rules", &c.Rules), {key: "rules." + name, rc: c.Rules.rule(name)}}
	if h != nil {
		hr := hkey + ".rules"
		ls = append(ls, baseLayer(hr, &h.Rules), layer{key: hr + "." + name, rc: h.Rules.rule(name)})
	}
	if mount != "" {
		if m, ok := c.Rules.mounts()[mount]; ok {
			ls = append(ls, layer{key: mountKey("rules", mount), rc: &m})
		}
		if h != nil {
			if m, ok := h.Rules.mounts()[mount]; ok {
				ls = append(ls, layer{key: mountKey(hkey+".rules", mount), rc: &m})
			}
		}
	}
	return ls
}

// RulesFor returns the rules in force for the host named host (which need
// not be configured: an unknown name gets the global rules). The most
// specific setting wins, in this order:
//
//	[hosts.rules.disk.mounts."/m"] > [rules.disk.mounts."/m"] >
//	[hosts.rules.<rule>] > [hosts.rules] > [rules.<rule>] > [rules] > built-in
func (c Config) RulesFor(host string) entity.RuleSet {
	var h *Host
	hkey := ""
	for i := range c.Hosts {
		if c.Hosts[i].Name == host {
			h, hkey = &c.Hosts[i], fmt.Sprintf("hosts[%d]", i)
			break
		}
	}
	rs := entity.RuleSet{Rules: make(map[string]entity.Rule, len(entity.RuleNames)), FlapFlips: defaultFlapFlips, FlapWindow: defaultFlapWindow}
	for _, r := range []*Rules{&c.Rules, hostRules(h)} {
		if r == nil {
			continue
		}
		if r.FlapFlips != nil {
			rs.FlapFlips = *r.FlapFlips
		}
		if r.FlapWindow != nil {
			rs.FlapWindow = time.Duration(*r.FlapWindow)
		}
	}
	for _, name := range entity.RuleNames {
		rs.Rules[name] = resolveRule(name, c.ruleLayers(h, hkey, name, "")).Rule
	}
	for _, m := range c.mountsOf(h) {
		if rs.Mounts == nil {
			rs.Mounts = map[string]entity.Rule{}
		}
		rs.Mounts[m] = resolveRule(entity.RuleDisk, c.ruleLayers(h, hkey, entity.RuleDisk, m)).Rule
	}
	return rs
}

func hostRules(h *Host) *Rules {
	if h == nil {
		return nil
	}
	return &h.Rules
}

// mountsOf lists the mount points with settings of their own, globally or
// for h.
func (c *Config) mountsOf(h *Host) []string {
	var ms []string
	for m := range c.Rules.mounts() {
		ms = append(ms, m)
	}
	if h != nil {
		for m := range h.Rules.mounts() {
			if !slices.Contains(ms, m) {
				ms = append(ms, m)
			}
		}
	}
	slices.Sort(ms)
	return ms
}

// validateRules checks [rules], every [hosts.rules] and [[silences]].
func (c *Config) validateRules(v *validator) {
	checkRulesTable(v, "rules", &c.Rules)
	for i := range c.Hosts {
		checkRulesTable(v, fmt.Sprintf("hosts[%d].rules", i), &c.Hosts[i].Rules)
	}
	// The resolved rules: thresholds set in different tables must still
	// be in order.
	seen := map[string]bool{}
	check := func(h *Host, hkey string) {
		mounts := append([]string{""}, c.mountsOf(h)...)
		for _, name := range entity.RuleNames {
			for _, m := range mounts {
				if m != "" && name != entity.RuleDisk {
					continue
				}
				r := resolveRule(name, c.ruleLayers(h, hkey, name, m))
				checkResolved(v, r, seen)
			}
		}
	}
	check(nil, "")
	for i := range c.Hosts {
		check(&c.Hosts[i], fmt.Sprintf("hosts[%d]", i))
	}
	c.validateSilences(v)
}

func checkRulesTable(v *validator, key string, r *Rules) {
	if r.Sustain != nil {
		checkSustain(v, key+".sustain", *r.Sustain)
	}
	checkNonNegative(v, key+".for", r.For)
	checkNonNegative(v, key+".repeat", r.Repeat)
	if r.Hysteresis != nil && (*r.Hysteresis < 0 || math.IsNaN(*r.Hysteresis)) {
		v.add(key+".hysteresis", "expected a margin of 0 or more, got %g", *r.Hysteresis)
	}
	if r.FlapFlips != nil && *r.FlapFlips != 0 && (*r.FlapFlips < 2 || *r.FlapFlips > 100) {
		v.add(key+".flap_flips", "expected 0 (off) or a whole number from 2 to 100, got %d", *r.FlapFlips)
	}
	if r.FlapWindow != nil && (*r.FlapWindow < Duration(time.Minute) || *r.FlapWindow > Duration(24*time.Hour)) {
		v.add(key+".flap_window", "expected a duration from 1m to 24h, got %s", *r.FlapWindow)
	}
	for _, name := range entity.RuleNames {
		if rc := r.rule(name); rc != nil {
			checkRuleConfig(v, key+"."+name, name, rc)
		}
	}
	for m, rc := range r.mounts() {
		mk := mountKey(key, m)
		// positions() spells the key unquoted; errors quote the mount.
		if line, ok := v.pos[key+".disk.mounts."+m]; ok {
			v.pos[mk] = line
			for _, f := range []string{"enabled", "warning", "critical", "severity", "sustain", "for", "hysteresis", "repeat"} {
				if l, ok := v.pos[key+".disk.mounts."+m+"."+f]; ok {
					v.pos[mk+"."+f] = l
				}
			}
		}
		if !strings.HasPrefix(m, "/") {
			v.add(mk, "a mount point is an absolute path, got %q", m)
		}
		checkRuleConfig(v, mk, entity.RuleDisk, &rc)
	}
}

func checkRuleConfig(v *validator, key, name string, rc *RuleConfig) {
	cond := entity.IsConditionRule(name)
	if cond {
		if rc.Warning != nil || rc.Critical != nil {
			k := key + ".warning"
			if rc.Warning == nil {
				k = key + ".critical"
			}
			v.add(k, "%s is a condition, it has no thresholds: set severity = \"warning\" or \"critical\"", name)
		}
		if rc.Hysteresis != nil {
			v.add(key+".hysteresis", "%s is a condition, it has no hysteresis", name)
		}
		if rc.Severity != "" && rc.Severity != entity.SeverityWarning && rc.Severity != entity.SeverityCritical {
			v.add(key+".severity", `expected "warning" or "critical", got %q`, rc.Severity)
		}
	} else {
		if rc.Severity != "" {
			v.add(key+".severity", "%s has thresholds: set warning and critical instead of severity", name)
		}
		for _, t := range []struct {
			k string
			p *float64
		}{{"warning", rc.Warning}, {"critical", rc.Critical}} {
			if t.p == nil {
				continue
			}
			switch x := *t.p; {
			case math.IsNaN(x) || x < 0:
				v.add(key+"."+t.k, "expected a threshold of 0 or more, got %g", x)
			case isPercentRule(name) && x > 100:
				v.add(key+"."+t.k, "%s is a percentage: expected at most 100, got %g", name, x)
			}
		}
		if rc.Warning != nil && rc.Critical != nil && *rc.Warning > *rc.Critical {
			v.add(key+".warning", "warning %g is above critical %g", *rc.Warning, *rc.Critical)
		}
		if rc.Hysteresis != nil && (*rc.Hysteresis < 0 || math.IsNaN(*rc.Hysteresis)) {
			v.add(key+".hysteresis", "expected a margin of 0 or more, got %g", *rc.Hysteresis)
		}
	}
	if rc.Sustain != nil {
		checkSustain(v, key+".sustain", *rc.Sustain)
	}
	checkNonNegative(v, key+".for", rc.For)
	checkNonNegative(v, key+".repeat", rc.Repeat)
}

// checkResolved checks a rule as the layers combine it: a host's warning
// above the global critical is an error at the host's key.
func checkResolved(v *validator, r resolved, seen map[string]bool) {
	if !r.Enabled || entity.IsConditionRule(r.Name) {
		return
	}
	once := func(key, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if seen[key+msg] {
			return
		}
		seen[key+msg] = true
		v.add(key, "%s", msg)
	}
	if r.Warning > r.Critical && r.warnAt != r.critAt && !math.IsInf(r.Warning, 1) {
		key := r.warnKey
		if r.critAt > r.warnAt {
			key = r.critKey
		}
		once(key, "warning %g is above critical %g (the other is set %s)", r.Warning, r.Critical, otherSource(key, r))
	}
	if lowest := math.Min(r.Warning, r.Critical); !math.IsInf(lowest, 1) && lowest >= 0 && r.Hysteresis > 0 && r.Hysteresis >= lowest {
		key := r.hystKey
		if key == "" {
			key = r.warnKey
		}
		if key == "" {
			key = r.critKey
		}
		if key == "" {
			key = "rules." + r.Name
		}
		once(key, "the hysteresis margin %g is not below the threshold %g: the alert could never clear", r.Hysteresis, lowest)
	}
}

func otherSource(key string, r resolved) string {
	other := r.critKey
	if key == r.critKey {
		other = r.warnKey
	}
	if other == "" {
		return "by default"
	}
	return "at " + other
}

func checkSustain(v *validator, key string, n int) {
	if n < 1 || n > 60 {
		v.add(key, "expected a number of samples from 1 to 60, got %d", n)
	}
}

func checkNonNegative(v *validator, key string, d *Duration) {
	if d != nil && *d < 0 {
		v.add(key, "a duration cannot be negative, got %s", *d)
	}
}

// unknownKeyMsg words the error for a key the decoder does not know: an
// unknown rule gets the list of rules.
func unknownKeyMsg(key []string) string {
	if n := len(key); n >= 2 && key[n-2] == "rules" && (n == 2 || (n == 3 && key[0] == "hosts")) {
		return fmt.Sprintf("unknown rule %q%s; rules are %s and the keys sustain, for, hysteresis, repeat, flap_flips, flap_window",
			key[n-1], suggest(key), strings.Join(entity.RuleNames, ", "))
	}
	return "unknown key" + suggest(key)
}

func init() {
	knownKeys = append(knownKeys, entity.RuleNames...)
	knownKeys = append(knownKeys, "rules", "sustain", "for", "hysteresis", "repeat", "flap_flips", "flap_window",
		"enabled", "warning", "critical", "severity", "silences", "start", "end", "daily", "days", "comment")
}

// SilenceConfig is one [[silences]] entry: a maintenance window during
// which matching events are recorded but not sent. It is either one-off
// (start and end) or daily (daily = "HH:MM-HH:MM", optionally on some days).
type SilenceConfig struct {
	// Hosts the window applies to; empty means every host.
	Hosts []string `toml:"hosts"`
	// Rules it applies to ("disk", "disk:/backup", "cpu", …); empty means
	// every rule.
	Rules []string `toml:"rules"`
	// Start and End bound a one-off window: a TOML date-time (with an
	// offset, or local time) or a string "2006-01-02 15:04".
	Start any `toml:"start"`
	End   any `toml:"end"`
	// Daily is a window repeated every day in local time, "22:00-02:30"
	// (it may run past midnight).
	Daily string `toml:"daily"`
	// Days limits a daily window to some days ("mon" … "sun"), the day the
	// window starts.
	Days    []string `toml:"days"`
	Comment string   `toml:"comment"`

	// Filled in by validation.
	From, Until   time.Time      `toml:"-"` // one-off window
	DailyFrom     time.Duration  `toml:"-"` // since local midnight
	DailyTo       time.Duration  `toml:"-"`
	DailyWeekdays []time.Weekday `toml:"-"` // empty: every day
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

func (c *Config) validateSilences(v *validator) {
	hosts := map[string]bool{}
	for _, h := range c.Hosts {
		hosts[h.Name] = true
	}
	for i := range c.Silences {
		s := &c.Silences[i]
		key := fmt.Sprintf("silences[%d]", i)
		if len(c.Hosts) > 0 {
			for _, h := range s.Hosts {
				if !hosts[h] {
					v.add(key+".hosts", "no host %q is configured", h)
				}
			}
		}
		for _, r := range s.Rules {
			name, _, _ := strings.Cut(r, ":")
			if !slices.Contains(entity.RuleNames, name) {
				v.add(key+".rules", "unknown rule %q; rules are %s", r, strings.Join(entity.RuleNames, ", "))
			}
		}
		oneOff := s.Start != nil || s.End != nil
		switch {
		case oneOff && s.Daily != "":
			v.add(key, "a silence is either one-off (start, end) or daily, not both")
			continue
		case !oneOff && s.Daily == "":
			v.add(key, "say when: start and end, or daily = \"HH:MM-HH:MM\"")
			continue
		}
		if oneOff {
			var err error
			if s.From, err = parseMoment(s.Start); err != nil {
				v.add(key+".start", "%v", err)
			}
			if s.Until, err = parseMoment(s.End); err != nil {
				v.add(key+".end", "%v", err)
			}
			if !s.From.IsZero() && !s.Until.IsZero() && !s.Until.After(s.From) {
				v.add(key+".end", "the end %s is not after the start %s", s.Until.Format(time.RFC3339), s.From.Format(time.RFC3339))
			}
			if len(s.Days) > 0 {
				v.add(key+".days", "days only go with a daily window")
			}
			continue
		}
		from, to, ok := parseDaily(s.Daily)
		if !ok {
			v.add(key+".daily", "expected \"HH:MM-HH:MM\" such as \"22:00-02:30\", got %q", s.Daily)
		}
		s.DailyFrom, s.DailyTo = from, to
		for _, d := range s.Days {
			wd, ok := weekdays[strings.ToLower(d)]
			if !ok {
				v.add(key+".days", "expected days such as \"mon\", \"sat\", got %q", d)
				continue
			}
			s.DailyWeekdays = append(s.DailyWeekdays, wd)
		}
	}
}

// parseMoment reads a one-off silence bound.
func parseMoment(x any) (time.Time, error) {
	switch t := x.(type) {
	case nil:
		return time.Time{}, fmt.Errorf("missing: a one-off window needs both start and end")
	case time.Time:
		return t, nil
	case toml.LocalDateTime:
		return time.Date(t.Year, time.Month(t.Month), t.Day, t.Hour, t.Minute, t.Second, t.Nanosecond, time.Local), nil
	case string:
		if v, err := time.Parse(time.RFC3339, t); err == nil {
			return v, nil
		}
		for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
			if v, err := time.ParseInLocation(layout, t, time.Local); err == nil {
				return v, nil
			}
		}
		return time.Time{}, fmt.Errorf("expected a date and time such as 2025-07-01T22:00:00+08:00 or \"2025-07-01 22:00\", got %q", t)
	}
	return time.Time{}, fmt.Errorf("expected a date and time such as 2025-07-01T22:00:00+08:00, got %v", x)
}

// parseDaily reads "HH:MM-HH:MM" into offsets from midnight.
func parseDaily(s string) (from, to time.Duration, ok bool) {
	a, b, found := strings.Cut(strings.ReplaceAll(s, " ", ""), "-")
	if !found {
		return 0, 0, false
	}
	from, ok1 := parseClock(a)
	to, ok2 := parseClock(b)
	if !ok1 || !ok2 || from == to {
		return 0, 0, false
	}
	return from, to, true
}

func parseClock(s string) (time.Duration, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		if s == "24:00" {
			return 24 * time.Hour, true
		}
		return 0, false
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, true
}
