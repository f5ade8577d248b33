package views

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"lookout/config"
	"lookout/entity"
	"lookout/internal/human"
)

// ruleLabels name the rules in the thresholds tab, in entity.RuleNames
// order; ruleUnits give the unit of their thresholds.
var (
	ruleLabels = map[string]string{
		entity.RuleCPU: "CPU busy", entity.RuleMem: "Memory used", entity.RuleSwap: "Swap used",
		entity.RuleDisk: "Each filesystem", entity.RuleLoad: "Load per core",
		entity.RuleNetRx: "Network in", entity.RuleNetTx: "Network out", entity.RuleTemp: "Hottest sensor",
		entity.RuleProcess: "Required process missing", entity.RuleUnreachable: "Host unreachable",
		entity.RuleKeyChanged: "SSH host key changed",
	}
	ruleUnits = map[string]string{
		entity.RuleCPU: "%", entity.RuleMem: "%", entity.RuleSwap: "%", entity.RuleDisk: "%",
		entity.RuleLoad: "×", entity.RuleNetRx: "B/s", entity.RuleNetTx: "B/s", entity.RuleTemp: "°C",
	}
)

// ruleScope is what the thresholds tab edits: the defaults ([rules], host
// -1) or one host's overrides ([hosts.rules]).
type ruleScope struct {
	host int // index in cfg.Hosts, or -1 for the defaults
}

// rules returns the table the scope edits, in the working copy.
func (s *Settings) scopeRules(sc ruleScope) *config.Rules {
	if sc.host >= 0 && sc.host < len(s.cfg.Hosts) {
		return &s.cfg.Hosts[sc.host].Rules
	}
	return &s.cfg.Rules
}

// scopeKey is the configuration key of the scope's table, as validation
// errors name it.
func scopeKey(sc ruleScope) string {
	if sc.host >= 0 {
		return fmt.Sprintf("hosts[%d].rules", sc.host)
	}
	return "rules"
}

// ruleTable returns the table of rule name in r, nil when unset.
func ruleTable(r *config.Rules, name string) *config.RuleConfig {
	switch name {
	case entity.RuleDisk:
		if r.Disk == nil {
			return nil
		}
		return &r.Disk.RuleConfig
	}
	if p := rulePtr(r, name); p != nil {
		return *p
	}
	return nil
}

func rulePtr(r *config.Rules, name string) **config.RuleConfig {
	switch name {
	case entity.RuleCPU:
		return &r.CPU
	case entity.RuleMem:
		return &r.Mem
	case entity.RuleSwap:
		return &r.Swap
	case entity.RuleLoad:
		return &r.LoadPerCore
	case entity.RuleNetRx:
		return &r.NetRx
	case entity.RuleNetTx:
		return &r.NetTx
	case entity.RuleTemp:
		return &r.Temp
	case entity.RuleProcess:
		return &r.Process
	case entity.RuleUnreachable:
		return &r.Unreachable
	case entity.RuleKeyChanged:
		return &r.KeyChanged
	}
	return nil
}

// editRule changes rule name's table in r, creating it on first use and
// removing it when nothing is set in it any more, so the file does not
// grow empty tables.
func editRule(r *config.Rules, name string, f func(*config.RuleConfig)) {
	rc := ruleTable(r, name)
	if rc == nil {
		rc = &config.RuleConfig{}
	}
	f(rc)
	empty := *rc == (config.RuleConfig{})
	if name == entity.RuleDisk {
		switch {
		case r.Disk == nil && !empty:
			r.Disk = &config.DiskRuleConfig{RuleConfig: *rc}
		case r.Disk != nil:
			r.Disk.RuleConfig = *rc
			if empty && len(r.Disk.Mounts) == 0 {
				r.Disk = nil
			}
		}
		return
	}
	p := rulePtr(r, name)
	if empty {
		*p = nil
	} else {
		*p = rc
	}
}

// optFloatSetter parses an optional number: empty unsets it (the value
// is inherited again).
func optFloatSetter(set func(*float64)) func(string) error {
	return func(v string) error {
		if v == "" {
			set(nil)
			return nil
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return fmt.Errorf("expected a number, or nothing to inherit")
		}
		set(&x)
		return nil
	}
}

func optIntSetter(set func(*int)) func(string) error {
	return func(v string) error {
		if v == "" {
			set(nil)
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("expected a whole number, or nothing to inherit")
		}
		set(&n)
		return nil
	}
}

func optDurationSetter(set func(*config.Duration)) func(string) error {
	return func(v string) error {
		if v == "" {
			set(nil)
			return nil
		}
		p, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("expected a duration such as \"10s\", \"5m\" or \"1h\", or nothing to inherit")
		}
		d := config.Duration(p)
		set(&d)
		return nil
	}
}

func fmtOptFloat(x *float64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatFloat(*x, 'f', -1, 64)
}

func fmtOptInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func fmtOptDuration(d *config.Duration) string {
	if d == nil {
		return ""
	}
	return human.ShortDuration(time.Duration(*d))
}

// fmtThreshold writes an inherited threshold for a placeholder.
func fmtThreshold(x float64) string {
	if math.IsInf(x, 1) {
		return "—"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// thresholdsTab edits the alert rules: the defaults, or the overrides of
// one host. An empty field inherits; its placeholder shows the value it
// inherits (built in, or from the defaults).
func (s *Settings) thresholdsTab() fyne.CanvasObject {
	body := container.NewStack()
	scope := ruleScope{host: -1}
	options := func() []string {
		opts := []string{s.t("All hosts (defaults)")}
		for _, h := range s.cfg.Hosts {
			opts = append(opts, h.Name)
		}
		return opts
	}
	sel := widget.NewSelect(options(), nil)
	sel.OnChanged = func(v string) {
		scope = ruleScope{host: -1}
		for i, o := range sel.Options {
			if o == v && i > 0 {
				scope.host = i - 1
			}
		}
		body.Objects = []fyne.CanvasObject{s.rulesForm(scope)}
		body.Refresh()
	}
	sel.SetSelectedIndex(0)
	s.ruleScope = sel
	s.refreshScopes = func() {
		opts := options()
		if strings.Join(opts, "\n") == strings.Join(sel.Options, "\n") {
			return
		}
		i := sel.SelectedIndex()
		sel.Options = opts
		if i >= len(opts) {
			i = 0
		}
		sel.SetSelectedIndex(i)
		sel.OnChanged(opts[i]) // the host's index may have moved
	}
	hint := widget.NewLabel(s.t("Empty fields inherit the value shown in grey: the built-in default, or for a host the defaults above. Alerts fire when the average of the last samples reaches a threshold and stays there for the hold time."))
	hint.Wrapping = fyne.TextWrapWord
	top := container.NewBorder(nil, hint, widget.NewLabel(s.t("Applies to")), nil, sel)
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(body))
}

// rulesForm is the form of one scope.
func (s *Settings) rulesForm(sc ruleScope) fyne.CanvasObject {
	prefix := scopeKey(sc)
	s.dropFields("rules.")
	s.dropFields("hosts[") // only rule fields are registered under hosts[
	r := func() *config.Rules { return s.scopeRules(sc) }
	// What an empty field inherits.
	inherited := config.Config{}.RulesFor("")
	if sc.host >= 0 {
		inherited = s.cfg.RulesFor("\x00") // no such host: the defaults in force
	}
	base := r()
	entry := func(key, text, placeholder string, set func(string) error) *widget.Entry {
		e := s.field(prefix+"."+key, text, set)
		e.SetPlaceHolder(placeholder)
		return e
	}
	cpu := inherited.Rules[entity.RuleCPU]
	general := widget.NewForm(
		widget.NewFormItem(s.t("Samples averaged"), entry("sustain", fmtOptInt(base.Sustain), strconv.Itoa(cpu.Sustain),
			optIntSetter(func(n *int) { r().Sustain = n }))),
		widget.NewFormItem(s.t("Hold for"), entry("for", fmtOptDuration(base.For), human.ShortDuration(cpu.For),
			optDurationSetter(func(d *config.Duration) { r().For = d }))),
		widget.NewFormItem(s.t("Clear margin"), entry("hysteresis", fmtOptFloat(base.Hysteresis), fmtThreshold(cpu.Hysteresis),
			optFloatSetter(func(x *float64) { r().Hysteresis = x }))),
		widget.NewFormItem(s.t("Repeat every"), entry("repeat", fmtOptDuration(base.Repeat), human.ShortDuration(cpu.Repeat),
			optDurationSetter(func(d *config.Duration) { r().Repeat = d }))),
	)
	general.Items[0].HintText = s.t("1–60; the thresholds compare their average")
	general.Items[1].HintText = s.t("how long it must last before the alert fires")
	general.Items[2].HintText = s.t("how far below the threshold a value must fall to clear (%, °C)")
	general.Items[3].HintText = s.t("a firing alert is sent again this often; 0s never")

	onOff := []string{s.t("inherit"), s.t("on"), s.t("off")}
	cells := []fyne.CanvasObject{
		widget.NewLabelWithStyle(s.t("Rule"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(s.t("Alert"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(s.t("Warning at"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(s.t("Critical at"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	}
	for _, name := range entity.RuleNames {
		name := name
		rc := ruleTable(base, name)
		if rc == nil {
			rc = &config.RuleConfig{}
		}
		in := inherited.Rules[name]
		label := s.t(ruleLabels[name])
		if u := ruleUnits[name]; u != "" {
			label += " (" + u + ")"
		}
		enabled := widget.NewSelect(onOff, nil)
		switch {
		case rc.Enabled == nil:
			enabled.SetSelectedIndex(0)
		case *rc.Enabled:
			enabled.SetSelectedIndex(1)
		default:
			enabled.SetSelectedIndex(2)
		}
		enabled.OnChanged = func(string) {
			editRule(r(), name, func(c *config.RuleConfig) {
				switch enabled.SelectedIndex() {
				case 1:
					on := true
					c.Enabled = &on
				case 2:
					off := false
					c.Enabled = &off
				default:
					c.Enabled = nil
				}
			})
			s.changed()
		}
		s.ruleSelects[prefix+"."+name+".enabled"] = enabled
		key := name + "."
		if entity.IsConditionRule(name) {
			sevs := []string{s.t("inherit"), "warning", "critical"}
			sev := widget.NewSelect(sevs, nil)
			sev.PlaceHolder = in.Severity
			switch rc.Severity {
			case "warning":
				sev.SetSelectedIndex(1)
			case "critical":
				sev.SetSelectedIndex(2)
			default:
				sev.SetSelectedIndex(0)
			}
			sev.OnChanged = func(string) {
				editRule(r(), name, func(c *config.RuleConfig) {
					c.Severity = map[int]string{1: "warning", 2: "critical"}[sev.SelectedIndex()]
				})
				s.changed()
			}
			s.ruleSelects[prefix+"."+name+".severity"] = sev
			inLabel := widget.NewLabel(s.t("severity (inherited: %s)", in.Severity))
			inLabel.Importance = widget.LowImportance
			cells = append(cells, widget.NewLabel(label), enabled, sev, inLabel)
			continue
		}
		warn := entry(key+"warning", fmtOptFloat(rc.Warning), fmtThreshold(in.Warning),
			optFloatSetter(func(x *float64) { editRule(r(), name, func(c *config.RuleConfig) { c.Warning = x }) }))
		crit := entry(key+"critical", fmtOptFloat(rc.Critical), fmtThreshold(in.Critical),
			optFloatSetter(func(x *float64) { editRule(r(), name, func(c *config.RuleConfig) { c.Critical = x }) }))
		cells = append(cells, widget.NewLabel(label), enabled, warn, crit)
	}
	grid := container.NewGridWithColumns(4, cells...)
	note := widget.NewLabel(s.t("Per-filesystem thresholds ([rules.disk.mounts]) and flap detection are set in the configuration file."))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	s.changed()
	return container.NewVBox(general, widget.NewSeparator(), grid, note)
}

// dropFields forgets the fields whose key starts with prefix (a form that
// is being rebuilt).
func (s *Settings) dropFields(prefix string) {
	for k := range s.entries {
		if strings.HasPrefix(k, prefix) {
			delete(s.entries, k)
			delete(s.fieldErrs, k)
		}
	}
	for k := range s.ruleSelects {
		if strings.HasPrefix(k, prefix) {
			delete(s.ruleSelects, k)
		}
	}
}

// RuleEntry returns a thresholds field by its configuration key, such as
// "rules.cpu.warning" or "hosts[0].rules.sustain" (tests).
func (s *Settings) RuleEntry(key string) *widget.Entry { return s.entries[key] }

// RuleSelect returns a thresholds choice by key, such as
// "rules.cpu.enabled" or "rules.process.severity" (tests).
func (s *Settings) RuleSelect(key string) *widget.Select { return s.ruleSelects[key] }

// RuleScope returns the thresholds tab's "applies to" choice (tests).
func (s *Settings) RuleScope() *widget.Select { return s.ruleScope }
