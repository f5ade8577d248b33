package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"unknown top-level key", "interval = \"5s\"\nintervall = \"5s\"\n",
			[]string{`lookout.toml:2: intervall: unknown key (did you mean "interval"?)`}},
		{"unknown key in array table", "[[hosts]]\nname = \"a\"\nlocal = true\ncolor = \"red\"\n",
			[]string{`lookout.toml:4: hosts.color: unknown key`}},
		{"wrong type", "fail_limit = \"three\"\n",
			[]string{`lookout.toml:1: fail_limit: expected a whole number, got a string`}},
		{"wrong type in host", "[[hosts]]\nname = \"a\"\nlocal = \"yes\"\n",
			[]string{`lookout.toml:3: hosts.local: expected true or false, got a string`}},
		{"bad duration", "interval = \"ten seconds\"\n",
			[]string{`lookout.toml:1: interval: expected a duration such as "10s", "5m" or "1h", got "ten seconds"`}},
		{"syntax error", "interval = = 3\n",
			[]string{`lookout.toml:1: unexpected character U+003D '=' at start of value`}},
		{"interval too short", "interval = \"100ms\"\n",
			[]string{`lookout.toml:1: interval: expected a duration from 1s to 1h, got 100ms`}},
		{"bad language", "\n\nlanguage = \"fr\"\n",
			[]string{`lookout.toml:3: language: expected "en" or "zh", got "fr"`}},
		{"grades inverted", "[grades]\nlow = 90\nhigh = 80\n",
			[]string{`lookout.toml:1: grades: expected 0 < low < high < 100, got low = 90, high = 80`}},
		{"shell metacharacters", "count_processes = [\"python; rm -rf /\"]\n",
			[]string{`lookout.toml:1: count_processes: process name "python; rm -rf /": only letters, digits, spaces and _ . : + @ / - are allowed (no shell metacharacters)`}},
		{"second host errors name its index and line", "[[hosts]]\nname = \"a\"\nlocal = true\n\n[[hosts]]\nname = \"a\"\ninterval = \"500ms\"\n",
			[]string{
				`lookout.toml:5: hosts[1]: say how to reach the host: local = true, ssh = "user@host:port" (or an ~/.ssh/config alias), agent = "https://host:port", prometheus = "http://host:9100/metrics" or promql = "http://prometheus:9090"`,
				`lookout.toml:6: hosts[1].name: host "a" is defined twice`,
				`lookout.toml:7: hosts[1].interval: expected a duration from 1s to 1h, got 500ms`,
			}},
		{"missing name", "[[hosts]]\nlocal = true\n",
			[]string{`lookout.toml:1: hosts[0].name: every host needs a name`}},
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

func TestParseValid(t *testing.T) {
	doc := `
interval = "2s"
language = "zh"
count_processes = ["python", "java"]
[grades]
low = 20
high = 70
[[hosts]]
name = "这台机器"
local = true
interval = "5s"
require_processes = ["sshd"]
`
	c, err := Parse("ok.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if c.Interval != Duration(2*time.Second) || c.Language != "zh" || c.Grades.Low != 20 {
		t.Errorf("decoded %+v", c)
	}
	h := c.Hosts[0]
	if c.HostInterval(h) != 5*time.Second || c.HostTimeout(h) != 5*time.Second {
		t.Errorf("host interval %v timeout %v", c.HostInterval(h), c.HostTimeout(h))
	}
	if got := c.HostKeywords(h); len(got) != 2 {
		t.Errorf("keywords %v", got)
	}
}

func TestExampleConfigIsValid(t *testing.T) {
	for _, f := range []string{"../lookout.example.toml"} {
		if _, err := Load(f, true); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestLoadMissing(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(filepath.Join(dir, "none.toml"), false)
	if err != nil || c.Interval != Default().Interval {
		t.Fatalf("absent default file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "none.toml"), true); err == nil || !strings.Contains(err.Error(), "none.toml") {
		t.Fatalf("absent named file: %v", err)
	}
	if len(c.HostsOrLocal()) != 1 || !c.HostsOrLocal()[0].Local {
		t.Fatalf("no hosts should mean the local machine")
	}
	_ = os.Remove(dir)
}
