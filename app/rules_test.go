package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"lookout/internal/testenv"
)

func TestRulesExport(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lookout.toml")
	os.WriteFile(cfg, []byte("interval = \"5s\"\nlanguage = \"zh\"\n[rules.disk]\nwarning = 70\ncritical = 90\n"), 0o600)
	out := filepath.Join(dir, "lookout.rules.yml")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"to stdout", []string{"--config", cfg, "rules", "export", "--format", "prometheus", "--selector", `job="node"`}, 0,
			[]string{"alert: disk", ">= 70", "for: 15s", `node_filesystem_avail_bytes{job="node", fstype!~`, "磁盘"}},
		{"to a file", []string{"--config", cfg, "rules", "export", "--output", out}, 0, nil},
		{"unknown format", []string{"--config", cfg, "rules", "export", "--format", "nagios"}, 1, nil},
		{"no subcommand", []string{"--config", cfg, "rules"}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.wantCode, stdout, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
	b, err := exec.Command(testenv.Require(t, "promtool"), "check", "rules", out).CombinedOutput()
	if err != nil || !strings.Contains(string(b), "SUCCESS") {
		t.Errorf("promtool check rules: %v\n%s", err, b)
	}
}
