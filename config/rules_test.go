package config

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"lookout/entity"
)

func TestRulesErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"unknown metric", "[rules.cpux]\nwarning = 90\n",
			[]string{`lookout.toml:1: rules.cpux: unknown rule "cpux" (did you mean "cpu"?); rules are cpu, mem, swap, disk, load_per_core, net_rx, net_tx, temp, process, unreachable, key_changed and the keys sustain, for, hysteresis, repeat, flap_flips, flap_window`}},
		{"unknown metric in a host", "[[hosts]]\nname = \"a\"\nlocal = true\n[hosts.rules.memory]\nwarning = 90\n",
			[]string{`lookout.toml:4: hosts.rules.memory: unknown rule "memory"; rules are cpu, mem, swap, disk, load_per_core, net_rx, net_tx, temp, process, unreachable, key_changed and the keys sustain, for, hysteresis, repeat, flap_flips, flap_window`}},
		{"unknown key in a rule", "[rules.cpu]\ncritcal = 90\n",
			[]string{`lookout.toml:2: rules.cpu.critcal: unknown key (did you mean "critical"?)`}},
		{"warning above critical", "[rules.cpu]\nwarning = 97\ncritical = 90\n",
			[]string{`lookout.toml:2: rules.cpu.warning: warning 97 is above critical 90`}},
		{"warning above the default critical", "[rules.mem]\nwarning = 97\n",
			[]string{`lookout.toml:2: rules.mem.warning: warning 97 is above critical 95 (the other is set by default)`}},
		{"host warning above global critical", "[rules.cpu]\ncritical = 90\n[[hosts]]\nname = \"a\"\nlocal = true\n[hosts.rules.cpu]\nwarning = 92\n",
			[]string{`lookout.toml:7: hosts[0].rules.cpu.warning: warning 92 is above critical 90 (the other is set at rules.cpu.critical)`}},
		{"negative duration", "[rules]\nrepeat = \"-5m\"\n[rules.swap]\nfor = \"-1s\"\n",
			[]string{`lookout.toml:2: rules.repeat: a duration cannot be negative, got -5m0s`,
				`lookout.toml:4: rules.swap.for: a duration cannot be negative, got -1s`}},
		{"percent above 100", "[rules.disk]\ncritical = 101\n",
			[]string{`lookout.toml:2: rules.disk.critical: disk is a percentage: expected at most 100, got 101`}},
		{"negative threshold", "[rules.temp]\nwarning = -3\n",
			[]string{`lookout.toml:2: rules.temp.warning: expected a threshold of 0 or more, got -3`}},
		{"sustain out of range", "[rules]\nsustain = 0\n",
			[]string{`lookout.toml:2: rules.sustain: expected a number of samples from 1 to 60, got 0`}},
		{"threshold on a condition", "[rules.process]\nwarning = 1\n",
			[]string{`lookout.toml:2: rules.process.warning: process is a condition, it has no thresholds: set severity = "warning" or "critical"`}},
		{"bad severity", "[rules.unreachable]\nseverity = \"page\"\n",
			[]string{`lookout.toml:2: rules.unreachable.severity: expected "warning" or "critical", got "page"`}},
		{"severity on a threshold rule", "[rules.cpu]\nseverity = \"critical\"\n",
			[]string{`lookout.toml:2: rules.cpu.severity: cpu has thresholds: set warning and critical instead of severity`}},
		{"hysteresis too wide", "[rules.swap]\nhysteresis = 60\n",
			[]string{`lookout.toml:2: rules.swap.hysteresis: the hysteresis margin 60 is not below the threshold 50: the alert could never clear`}},
		{"relative mount", "[rules.disk.mounts.\"data\"]\nwarning = 90\n",
			[]string{`lookout.toml:1: rules.disk.mounts."data": a mount point is an absolute path, got "data"`}},
		{"mount warning above critical", "[rules.disk.mounts.\"/data\"]\nwarning = 99\n",
			[]string{`lookout.toml:2: rules.disk.mounts."/data".warning: warning 99 is above critical 95 (the other is set by default)`}},
		{"flap settings", "[rules]\nflap_flips = 1\nflap_window = \"10s\"\n",
			[]string{`lookout.toml:2: rules.flap_flips: expected 0 (off) or a whole number from 2 to 100, got 1`,
				`lookout.toml:3: rules.flap_window: expected a duration from 1m to 24h, got 10s`}},
		{"silence with no time", "[[silences]]\nhosts = []\n",
			[]string{`lookout.toml:1: silences[0]: say when: start and end, or daily = "HH:MM-HH:MM"`}},
		{"silence ends before it starts", "[[silences]]\nstart = 2025-07-01T22:00:00+08:00\nend = 2025-07-01T21:00:00+08:00\n",
			[]string{`lookout.toml:3: silences[0].end: the end 2025-07-01T21:00:00+08:00 is not after the start 2025-07-01T22:00:00+08:00`}},
		{"silence bad daily", "[[silences]]\ndaily = \"25:00-26:00\"\ndays = [\"funday\"]\n",
			[]string{`lookout.toml:2: silences[0].daily: expected "HH:MM-HH:MM" such as "22:00-02:30", got "25:00-26:00"`,
				`lookout.toml:3: silences[0].days: expected days such as "mon", "sat", got "funday"`}},
		{"silence unknown host and rule", "[[hosts]]\nname = \"a\"\nlocal = true\n[[silences]]\nhosts = [\"b\"]\nrules = [\"disks\"]\ndaily = \"02:00-03:00\"\n",
			[]string{`lookout.toml:5: silences[0].hosts: no host "b" is configured`,
				`lookout.toml:6: silences[0].rules: unknown rule "disks"; rules are cpu, mem, swap, disk, load_per_core, net_rx, net_tx, temp, process, unreachable, key_changed`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("lookout.toml", []byte(tt.doc))
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse error = %v (%T), want Errors", err, err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestRulesFor(t *testing.T) {
	doc := `
[rules]
sustain = 4
repeat = "1h"
[rules.cpu]
warning = 70
[rules.disk]
critical = 97
[rules.disk.mounts."/backup"]
warning = 96
[rules.net_rx]
warning = 100e6
[[hosts]]
name = "db"
local = true
[hosts.rules]
sustain = 2
[hosts.rules.cpu]
critical = 99
repeat = "0s"
[hosts.rules.disk.mounts."/data"]
warning = 60
[hosts.rules.process]
severity = "warning"
[[silences]]
hosts = ["db"]
daily = "23:30-01:00"
days = ["sat", "sun"]
[[silences]]
start = "2025-07-01 22:00"
end = 2025-07-02T02:00:00
`
	c, err := Parse("ok.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		host string
		got  func(entity.RuleSet) entity.Rule
		want entity.Rule
	}{
		{"global cpu", "other", func(rs entity.RuleSet) entity.Rule { return rs.Rules[entity.RuleCPU] },
			entity.Rule{Name: "cpu", Enabled: true, Warning: 70, Critical: 95, Sustain: 4, Hysteresis: 5, Repeat: time.Hour}},
		{"host cpu", "db", func(rs entity.RuleSet) entity.Rule { return rs.Rules[entity.RuleCPU] },
			entity.Rule{Name: "cpu", Enabled: true, Warning: 70, Critical: 99, Sustain: 2, Hysteresis: 5}},
		{"global mount", "other", func(rs entity.RuleSet) entity.Rule { return rs.Disk("/backup") },
			entity.Rule{Name: "disk", Enabled: true, Warning: 96, Critical: 97, Sustain: 4, Hysteresis: 5, Repeat: time.Hour}},
		{"host mount", "db", func(rs entity.RuleSet) entity.Rule { return rs.Disk("/data") },
			entity.Rule{Name: "disk", Enabled: true, Warning: 60, Critical: 97, Sustain: 2, Hysteresis: 5, Repeat: time.Hour}},
		{"other mount", "db", func(rs entity.RuleSet) entity.Rule { return rs.Disk("/") },
			entity.Rule{Name: "disk", Enabled: true, Warning: 85, Critical: 97, Sustain: 2, Hysteresis: 5, Repeat: time.Hour}},
		{"load keeps its own margin, takes the global sustain", "other", func(rs entity.RuleSet) entity.Rule { return rs.Rules[entity.RuleLoad] },
			entity.Rule{Name: "load_per_core", Enabled: true, Warning: 1.5, Critical: 3, Sustain: 4, Hysteresis: 0.2, Repeat: time.Hour}},
		{"network on with a warning", "other", func(rs entity.RuleSet) entity.Rule { return rs.Rules[entity.RuleNetRx] },
			entity.Rule{Name: "net_rx", Enabled: true, Warning: 100e6, Critical: math.Inf(1), Sustain: 4, Hysteresis: 10e6, Repeat: time.Hour}},
		{"network off by default", "other", func(rs entity.RuleSet) entity.Rule { return rs.Rules[entity.RuleNetTx] },
			entity.Rule{Name: "net_tx", Enabled: false, Warning: math.Inf(1), Critical: math.Inf(1), Sustain: 4, Hysteresis: math.Inf(1), Repeat: time.Hour}},
		{"host process severity", "db", func(rs entity.RuleSet) entity.Rule { return rs.Rules[entity.RuleProcess] },
			entity.Rule{Name: "process", Enabled: true, Severity: "warning", Sustain: 2, Repeat: time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(c.RulesFor(tt.host)); got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
	s := c.Silences[0]
	if s.DailyFrom != 23*time.Hour+30*time.Minute || s.DailyTo != time.Hour || len(s.DailyWeekdays) != 2 {
		t.Errorf("daily silence %+v", s)
	}
	s = c.Silences[1]
	if want := time.Date(2025, 7, 1, 22, 0, 0, 0, time.Local); !s.From.Equal(want) || !s.Until.Equal(want.Add(4*time.Hour)) {
		t.Errorf("one-off silence %v – %v", s.From, s.Until)
	}
	if rs := c.RulesFor("db"); rs.FlapFlips != 6 || rs.FlapWindow != 10*time.Minute {
		t.Errorf("flap %d %v", rs.FlapFlips, rs.FlapWindow)
	}
}
