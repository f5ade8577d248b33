package promrules

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/config"
	"lookout/internal/i18n"
	"lookout/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const fixture = `
interval = "10s"
[rules.cpu]
for = "5m"
[rules.disk]
warning = 80
critical = 90
[rules.disk.mounts."/data"]
warning = 95
critical = 99
[rules.net_rx]
warning = 100e6
[rules.unreachable]
severity = "critical"
`

func build(t *testing.T, doc string, lang i18n.Lang, selector string) []byte {
	t.Helper()
	cfg, err := config.Parse("fixture.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Write(Build(Options{Rules: cfg.RulesFor("\x00"), Interval: time.Duration(cfg.Interval), Lang: lang, Selector: selector}), "test fixture")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func golden(t *testing.T, name string, got []byte) string {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (run go test -update):\n%s", path, got)
	}
	return path
}

// promtool checks a rules file as Prometheus will load it.
func promtool(t *testing.T, path string) {
	t.Helper()
	bin := testenv.Require(t, "promtool")
	out, err := exec.Command(bin, "check", "rules", path).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check rules %s: %v\n%s", path, err, out)
	}
	if !strings.Contains(string(out), "SUCCESS") {
		t.Fatalf("promtool: %s", out)
	}
}

func TestExport(t *testing.T) {
	tests := []struct {
		name, doc, golden, selector string
		lang                        i18n.Lang
	}{
		{"defaults", "", "defaults.rules.yml", "", i18n.EN},
		{"thresholds, mounts, for and sustain", fixture, "fixture.rules.yml", `job="node"`, i18n.EN},
		{"in Chinese", fixture, "fixture.zh.rules.yml", "", i18n.ZH},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := golden(t, tt.golden, build(t, tt.doc, tt.lang, tt.selector))
			promtool(t, path)
		})
	}
}

func TestForAndLabels(t *testing.T) {
	cfg, err := config.Parse("fixture.toml", []byte(fixture))
	if err != nil {
		t.Fatal(err)
	}
	f := Build(Options{Rules: cfg.RulesFor("\x00"), Interval: 10 * time.Second})
	got := map[string]Rule{}
	for _, r := range f.Groups[0].Rules {
		got[r.Alert+" "+r.Labels["severity"]+" "+r.Labels["mount"]] = r
	}
	tests := []struct {
		name, key, for_ string
		exprHas         string
	}{
		{"cpu takes its for", "cpu warning ", "5m", ">= 80"},
		{"mem: sustain 3 × 10s", "mem critical ", "30s", "node_memory_MemAvailable_bytes"},
		{"a mount of its own", "disk warning /data", "30s", `mountpoint="/data"`},
		{"the other mounts", "disk critical ", "30s", `mountpoint!~"/data"`},
		{"load per core", "load_per_core warning ", "30s", "node_load1 / on (instance, job) count by (instance, job)"},
		{"unreachable", "unreachable critical ", "", "up == 0"},
		{"net_rx with a threshold", "net_rx warning ", "30s", ">= 1e+08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := got[tt.key]
			if !ok {
				t.Fatalf("no rule %q among %d", tt.key, len(got))
			}
			if r.For.String() != tt.for_ && !(tt.for_ == "" && r.For == 0) {
				t.Errorf("for %s, want %s", r.For, tt.for_)
			}
			if !strings.Contains(r.Expr, tt.exprHas) || !strings.Contains(r.Expr, `"host", "$1", "instance"`) {
				t.Errorf("expr %s lacks %q or the host label", r.Expr, tt.exprHas)
			}
		})
	}
	if _, ok := got["net_tx warning "]; ok {
		t.Error("net_tx has no threshold and must not be exported")
	}
}
