// Package promrules writes Lookout's alert rules as a Prometheus
// alerting-rules file over node_exporter's metric names, so that the
// thresholds a team keeps in Lookout can run in Prometheus for a whole
// fleet (`lookout rules export --format prometheus`).
//
// Each threshold rule becomes one alerting rule per severity (cpu, mem,
// swap, disk per mount, load per core, temperature, and the network
// rules when they have thresholds), unreachable becomes up == 0. The
// alerts carry the labels Lookout's own Alertmanager channel posts —
// alertname (the rule), host (the instance without its port),
// severity, and mount for disks — so one Alertmanager route or silence
// serves both. `for` is the rule's for, or else its sustain × the poll
// interval (Lookout averages sustain samples; Prometheus waits for).
// Per-host overrides are not exported: Prometheus has no notion of
// Lookout's host names; the process and key_changed rules have no
// node_exporter metric and are left out.
package promrules

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/model"
	"go.yaml.in/yaml/v3"

	"lookout/entity"
	"lookout/internal/i18n"
)

// Options say how to write the rules.
type Options struct {
	// Rules are the rules in force for every host (config.RulesFor of a
	// host with no overrides).
	Rules entity.RuleSet
	// Interval is the poll interval: sustain samples last sustain ×
	// Interval.
	Interval time.Duration
	// Selector, when set, are label matchers added to every node_exporter
	// series (`job="node"`), so the rules see only the node_exporter
	// targets.
	Selector string
	// RateWindow is the range of rate() (default 2m).
	RateWindow time.Duration
	// IgnoreFSTypes are filesystems the disk rules skip (nil:
	// DefaultIgnoreFSTypes).
	IgnoreFSTypes []string
	// Lang is the language of the annotations.
	Lang i18n.Lang
	// Group names the rule group (default "lookout").
	Group string
}

// File is a Prometheus rules file.
type File struct {
	Groups []Group `yaml:"groups"`
}

// Group is one rule group.
type Group struct {
	Name  string `yaml:"name"`
	Rules []Rule `yaml:"rules"`
}

// Rule is one alerting rule.
type Rule struct {
	Alert       string            `yaml:"alert"`
	Expr        string            `yaml:"expr"`
	For         model.Duration    `yaml:"for,omitempty"`
	Labels      map[string]string `yaml:"labels,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty"`
}

// DefaultIgnoreFSTypes are the filesystems Lookout skips that
// node_exporter still reports with its default
// --collector.filesystem.fs-types-exclude (which drops proc, sysfs,
// cgroup, overlay, squashfs and the like itself).
var DefaultIgnoreFSTypes = []string{"tmpfs", "ramfs", "devtmpfs", "efivarfs", "nfsd", "aufs", "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal"}

// Build returns the rules file of o.
func Build(o Options) File {
	if o.RateWindow <= 0 {
		o.RateWindow = 2 * time.Minute
	}
	if o.IgnoreFSTypes == nil {
		o.IgnoreFSTypes = DefaultIgnoreFSTypes
	}
	if o.Group == "" {
		o.Group = "lookout"
	}
	b := builder{o: o}
	g := Group{Name: o.Group}
	r := "[" + model.Duration(o.RateWindow).String() + "]"
	by := "instance, job"
	threshold := func(name, expr, unit string) {
		g.Rules = append(g.Rules, b.threshold(name, name, o.Rules.Rules[name], expr, unit, "")...)
	}
	threshold(entity.RuleCPU, `100 * (1 - avg by (`+by+`) (sum by (`+by+`, cpu) (rate(`+b.sel("node_cpu_seconds_total", `mode=~"idle|iowait"`)+r+`))))`, "%")
	threshold(entity.RuleMem, `100 * (1 - `+b.sel("node_memory_MemAvailable_bytes")+` / `+b.sel("node_memory_MemTotal_bytes")+`)`, "%")
	threshold(entity.RuleSwap, `100 * (1 - `+b.sel("node_memory_SwapFree_bytes")+` / (`+b.sel("node_memory_SwapTotal_bytes")+` > 0))`, "%")

	// Disks: the mounts with rules of their own first, then every other
	// filesystem; used as df counts it, used / (used + available).
	fs := `fstype!~"` + strings.Join(quoteRegex(o.IgnoreFSTypes), "|") + `"`
	diskExpr := func(m string) string {
		s := func(metric string) string { return b.sel(metric, fs, m) }
		used := `(` + s("node_filesystem_size_bytes") + ` - ` + s("node_filesystem_free_bytes") + `)`
		return `label_replace(100 * ` + used + ` / (` + used + ` + ` + s("node_filesystem_avail_bytes") + `), "mount", "$1", "mountpoint", "(.*)")`
	}
	mounts := make([]string, 0, len(o.Rules.Mounts))
	for m := range o.Rules.Mounts {
		mounts = append(mounts, m)
	}
	slices.Sort(mounts)
	for _, m := range mounts {
		g.Rules = append(g.Rules, b.threshold(entity.RuleDisk, entity.RuleDisk+":"+m, o.Rules.Mounts[m], diskExpr(`mountpoint="`+escape(m)+`"`), "%", m)...)
	}
	others := ""
	if len(mounts) > 0 {
		others = `mountpoint!~"` + strings.Join(quoteRegex(mounts), "|") + `"`
	}
	g.Rules = append(g.Rules, b.threshold(entity.RuleDisk, entity.RuleDisk, o.Rules.Rules[entity.RuleDisk], diskExpr(others), "%", "")...)

	threshold(entity.RuleLoad, b.sel("node_load1")+` / on (`+by+`) count by (`+by+`) (`+b.sel("node_cpu_seconds_total", `mode="idle"`)+`)`, "")
	threshold(entity.RuleTemp, `max by (`+by+`) (`+b.sel("node_hwmon_temp_celsius")+`)`, "°C")
	threshold(entity.RuleNetRx, `sum by (`+by+`) (rate(`+b.sel("node_network_receive_bytes_total", `device!="lo"`)+r+`))`, "B/s")
	threshold(entity.RuleNetTx, `sum by (`+by+`) (rate(`+b.sel("node_network_transmit_bytes_total", `device!="lo"`)+r+`))`, "B/s")

	if u := o.Rules.Rules[entity.RuleUnreachable]; u.Enabled {
		sev := u.Severity
		if sev == "" {
			sev = entity.SeverityCritical
		}
		g.Rules = append(g.Rules, Rule{Alert: entity.RuleUnreachable, Expr: b.host(b.sel("up") + ` == 0`),
			For: b.forOf(u), Labels: map[string]string{"severity": sev},
			Annotations: map[string]string{
				"summary":     "{{ $labels.host }}: " + i18n.RuleName(o.Lang, entity.RuleUnreachable),
				"description": i18n.T(o.Lang, "Prometheus cannot scrape %s (job %s).", "{{ $labels.instance }}", "{{ $labels.job }}"),
			}})
	}
	return File{Groups: []Group{g}}
}

type builder struct{ o Options }

// sel is metric{the selector, matchers...}.
func (b builder) sel(metric string, matchers ...string) string {
	var ms []string
	if b.o.Selector != "" {
		ms = append(ms, b.o.Selector)
	}
	for _, m := range matchers {
		if m != "" {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return metric
	}
	return metric + "{" + strings.Join(ms, ", ") + "}"
}

// host adds the host label: the instance without its port.
func (b builder) host(expr string) string {
	return `label_replace(` + expr + `, "host", "$1", "instance", "(.+?)(?::[0-9]+)?")`
}

// forOf is the rule's for, else sustain × the interval.
func (b builder) forOf(r entity.Rule) model.Duration {
	if r.For > 0 {
		return model.Duration(r.For)
	}
	if r.Sustain > 1 && b.o.Interval > 0 {
		return model.Duration(time.Duration(r.Sustain) * b.o.Interval)
	}
	return 0
}

// threshold is the alerting rules of one threshold rule: one per level
// that is set, named for the rule, labelled with its severity.
func (b builder) threshold(name, key string, r entity.Rule, expr, unit, mount string) []Rule {
	if !r.Enabled {
		return nil
	}
	var out []Rule
	for _, lv := range []struct {
		sev string
		v   float64
	}{{entity.SeverityWarning, r.Warning}, {entity.SeverityCritical, r.Critical}} {
		if math.IsInf(lv.v, 0) || math.IsNaN(lv.v) {
			continue
		}
		labels := map[string]string{"severity": lv.sev}
		if mount != "" && name == entity.RuleDisk {
			labels["mount"] = mount
		}
		lang := b.o.Lang
		what := i18n.RuleName(lang, key)
		if name == entity.RuleDisk && mount == "" {
			what = i18n.RuleName(lang, entity.RuleDisk) + " {{ $labels.mount }}"
		}
		format := `{{ printf "%.2f" $value }}`
		if unit == "%" || unit == "°C" {
			format = `{{ printf "%.1f" $value }}`
		}
		out = append(out, Rule{Alert: name, Expr: b.host(expr + " >= " + num(lv.v)), For: b.forOf(r), Labels: labels,
			Annotations: map[string]string{
				"summary": "{{ $labels.host }}: " + what + " " + format + unit,
				"description": i18n.T(lang, "%s on %s is %s, at or above the %s threshold %s.", what, "{{ $labels.instance }}",
					format+unit, i18n.T(lang, lv.sev), num(lv.v)+unit),
			}})
	}
	return out
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// escape quotes s for a PromQL string.
func escape(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// quoteRegex escapes each of ss for an RE2 alternative inside a PromQL
// string.
func quoteRegex(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		var b strings.Builder
		for _, r := range s {
			if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
				b.WriteString(`\\`)
			}
			b.WriteRune(r)
		}
		out[i] = strings.ReplaceAll(b.String(), `"`, `\"`)
	}
	return out
}

// Write returns f as YAML, with a header saying where it came from.
func Write(f File, header string) ([]byte, error) {
	var buf bytes.Buffer
	for _, l := range strings.Split(strings.TrimSpace(header), "\n") {
		if l != "" {
			fmt.Fprintf(&buf, "# %s\n", l)
		}
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return buf.Bytes(), nil
}
