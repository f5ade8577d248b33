package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPatchKeepsComments(t *testing.T) {
	doc, err := os.ReadFile("../lookout.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("example", doc)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string // lines the new file must have
	}{
		{"scalar in place", func(c *Config) { c.Interval = Duration(5 * time.Second); c.Language = "zh" },
			[]string{"interval = '5s'", "language = 'zh'", "# Time between polls of each host, from \"1s\" to \"1h\"."}},
		{"table value", func(c *Config) { c.Grades.High = 90 },
			[]string{"high = 90.0", "[grades]", "low = 30"}},
		{"new key in existing element", func(c *Config) { c.Hosts[0].RequireProcesses = []string{"sshd"} },
			[]string{"require_processes = ['sshd']", "name = \"workstation\""}},
		{"host added", func(c *Config) {
			c.Hosts = append(c.Hosts, Host{Name: "other", Local: false})
		}, nil}, // invalid: not written (checked below)
		{"host renamed", func(c *Config) { c.Hosts[0].Name = "desk" },
			[]string{"name = 'desk'", "# interval = \"5s\"                       # overrides the default above"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nc := c
			nc.Hosts = append([]Host(nil), c.Hosts...)
			tt.change(&nc)
			out, err := Patch(doc, nc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse("patched", out)
			if tt.want == nil {
				if err == nil {
					t.Fatal("an invalid configuration parsed")
				}
				return
			}
			if err != nil {
				t.Fatalf("patched file does not parse: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(got, nc) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, nc)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w+"\n") {
					t.Errorf("patched file lacks line %q:\n%s", w, out)
				}
			}
			// Every comment of the example survives.
			for _, l := range strings.Split(string(doc), "\n") {
				if strings.HasPrefix(l, "#") && !strings.Contains(string(out), l) {
					t.Errorf("comment lost: %q", l)
				}
			}
		})
	}
}

func TestPatchArrays(t *testing.T) {
	doc := []byte("# my hosts\ninterval = \"10s\"\n\n[[hosts]]\nname = \"a\" # the first\nlocal = true\n\n[grades]\nlow = 20\n")
	c, err := Parse("x", doc)
	if err != nil {
		t.Fatal(err)
	}
	c.Hosts = nil
	out, err := Patch(doc, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("x", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Hosts) != 0 || got.Grades.Low != 20 || !strings.Contains(string(out), "# my hosts") {
		t.Errorf("removing the host:\n%s", out)
	}
	// Empty file: only what differs from the defaults is written.
	c = Default()
	c.Language = "zh"
	c.Hosts = []Host{{Name: "me", Local: true, Interval: Duration(2 * time.Second)}}
	out, err = Patch(nil, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err = Parse("x", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("round trip from nothing:\n%s\ngot %+v", out, got)
	}
	if strings.Contains(string(out), "fail_limit") {
		t.Errorf("defaults written into a new file:\n%s", out)
	}
}

func TestSave(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lookout", "config.toml")
	c := Default()
	c.Theme = "dark"
	if err := Save(p, c); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	got, err := Load(p, true)
	if err != nil || got.Theme != "dark" {
		t.Fatalf("%v %v", got.Theme, err)
	}
	bad := c
	bad.Language = "fr"
	if err := Save(p, bad); err == nil {
		t.Fatal("saved an invalid configuration")
	}
	if got, _ := Load(p, true); got.Theme != "dark" {
		t.Error("a failed save changed the file")
	}
}

func TestPatchKeepsEmptyVersusUnsetLists(t *testing.T) {
	c := Default()
	c.Hosts = []Host{{Name: "a", Local: true, CountProcesses: []string{}}}
	out, err := Patch(nil, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("x", out)
	if err != nil {
		t.Fatal(err)
	}
	if got.Hosts[0].CountProcesses == nil || len(got.Hosts[0].CountProcesses) != 0 || got.Hosts[0].RequireProcesses != nil {
		t.Errorf("lists: %#v\n%s", got.Hosts[0], out)
	}
}

func TestPatchMultilineArray(t *testing.T) {
	doc := []byte("count_processes = [\n  \"a\", # first\n  \"b\",\n]\nlanguage = \"en\" # keep me\n")
	c, err := Parse("x", doc)
	if err != nil {
		t.Fatal(err)
	}
	c.CountProcesses = []string{"c"}
	c.Language = "zh"
	out, err := Patch(doc, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("x", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Join(got.CountProcesses, ",") != "c" || got.Language != "zh" || !strings.Contains(string(out), "# keep me") {
		t.Errorf("patched:\n%s", out)
	}
}

// TestPatchNestedTables edits what the settings screen's thresholds,
// channels and report tabs edit: tables that the file may not have yet,
// inside the top level and inside an element of [[hosts]].
func TestPatchNestedTables(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	yes := true
	tests := []struct {
		name   string
		doc    string
		change func(c *Config)
		want   []string
	}{
		{"new rule table, two keys", "interval = \"10s\"\n",
			func(c *Config) { c.Rules.CPU = &RuleConfig{Warning: f(70), Critical: f(90)} },
			[]string{"[rules.cpu]", "warning = 70.0", "critical = 90.0"}},
		{"rule table beside an existing one", "[rules]\nsustain = 2\n\n[rules.mem]\nwarning = 60.0 # low on purpose\n",
			func(c *Config) { c.Rules.CPU = &RuleConfig{Warning: f(70)}; c.Rules.Mem.Warning = f(65) },
			[]string{"warning = 65.0 # low on purpose", "sustain = 2"}},
		{"rule of one host", "# my hosts\n[[hosts]]\nname = \"a\" # first\nlocal = true\n\n[[hosts]]\nname = \"b\"\nssh = \"b.example\"\n",
			func(c *Config) { c.Hosts[1].Rules.Disk = &DiskRuleConfig{RuleConfig: RuleConfig{Warning: f(90)}} },
			[]string{"# my hosts", "name = \"a\" # first"}},
		{"rule of one host with a rules table", "[[hosts]]\nname = \"a\"\nlocal = true\n[hosts.rules]\nsustain = 1\n[hosts.rules.mem]\nwarning = 50.0\n",
			func(c *Config) {
				c.Hosts[0].Rules.CPU = &RuleConfig{Enabled: &yes, Critical: f(99)}
				c.Hosts[0].Rules.Mem.Critical = f(70)
			}, []string{"sustain = 1"}},
		{"override removed", "[rules.cpu]\nwarning = 70.0\ncritical = 90.0\n",
			func(c *Config) { c.Rules.CPU.Warning = nil },
			[]string{"critical = 90.0"}},
		{"report schedule", "# report\n[report]\nperiod = \"6h\"\n",
			func(c *Config) { c.Report.At = []string{"09:00", "18:00"} },
			[]string{"# report", "at = ['09:00', '18:00']"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("test", []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			tt.change(&c)
			out, err := Patch([]byte(tt.doc), c)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse("patched", out)
			if err != nil {
				t.Fatalf("patched file does not parse: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(got, c) {
				t.Errorf("round trip:\n got %+v\nwant %+v\n%s", got.Rules, c.Rules, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("missing %q in\n%s", w, out)
				}
			}
		})
	}
}

// TestPatchNewElementsWithTables adds a host with rules of its own and a
// channel with set-to-false options: the arrays are written anew and read
// back the same.
func TestPatchNewElementsWithTables(t *testing.T) {
	doc := "# hosts\n[[hosts]]\nname = \"a\"\nlocal = true\n"
	c, err := Parse("test", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	w, off, zero := 90.0, false, 0.0
	c.Hosts = append(c.Hosts, Host{Name: "b", SSH: "b.example", Rules: Rules{
		CPU:  &RuleConfig{Warning: &w, Enabled: &off},
		Disk: &DiskRuleConfig{RuleConfig: RuleConfig{Hysteresis: &zero}},
	}})
	c.Channels = []Channel{{Name: "mail", Type: "email", Host: "smtp.example.com", From: "a@example.com",
		To: []string{"b@example.com"}, SendResolved: &off, Security: "starttls"}}
	out, err := Patch([]byte(doc), c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("patched", out)
	if err != nil {
		t.Fatalf("patched file does not parse: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("round trip:\n got %+v\nwant %+v\n%s", got.Hosts[1].Rules, c.Hosts[1].Rules, out)
	}
	if !strings.Contains(string(out), "# hosts") {
		t.Errorf("comment lost:\n%s", out)
	}
}
