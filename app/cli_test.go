package app

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader("")}
	env.Log = quietLog()
	code = run(context.Background(), env, args)
	return out.String(), errb.String(), code
}

func TestCheckConfig(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(good, []byte("interval = \"5s\"\n"), 0o600)
	os.WriteFile(bad, []byte("interval = \"5s\"\nlanguage = \"fr\"\nbogus = 1\n"), 0o600)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
	}{
		{"valid", []string{"check-config", good}, 0, []string{good + ": ok"}},
		{"invalid", []string{"check-config", bad}, 1, []string{bad + ":3: bogus: unknown key"}},
		{"via --config", []string{"--config", bad, "check-config"}, 1, []string{"bogus: unknown key"}},
		{"example", []string{"check-config", "../lookout.example.toml"}, 0, []string{"ok"}},
		{"missing named file", []string{"check-config", filepath.Join(dir, "nope.toml")}, 1, []string{"nope.toml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, code := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; output:\n%s", code, tt.wantCode, out)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestSnapshotJSON(t *testing.T) {
	t.Setenv("LOOKOUT_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out, errOut, code := runCLI(t, "snapshot", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	// The wire format's documented keys.
	for _, path := range []string{"host", "time", "cpu.percent", "cpu.per_core", "cpu.model", "load.load1", "load.load5",
		"load.load15", "mem.total_bytes", "mem.available_bytes", "mem.used_bytes", "mem.percent", "swap.total_bytes",
		"swap.percent", "disks", "net", "uptime_s", "procs.top_cpu", "procs.top_mem", "procs.counts"} {
		var cur any = m
		for _, k := range strings.Split(path, ".") {
			obj, ok := cur.(map[string]any)
			if !ok {
				t.Fatalf("%s: not an object at %s", path, k)
			}
			if cur, ok = obj[k]; !ok {
				t.Errorf("snapshot JSON lacks %s", path)
				break
			}
		}
	}
	procs := m["procs"].(map[string]any)
	top := procs["top_cpu"].([]any)
	if len(top) == 0 {
		t.Fatal("no top processes")
	}
	for _, k := range []string{"pid", "name", "cpu_percent", "rss_bytes"} {
		if _, ok := top[0].(map[string]any)[k]; !ok {
			t.Errorf("top_cpu entry lacks %s", k)
		}
	}
	if disks := m["disks"].([]any); len(disks) > 0 {
		for _, k := range []string{"mount", "fstype", "total_bytes", "used_bytes", "percent"} {
			if _, ok := disks[0].(map[string]any)[k]; !ok {
				t.Errorf("disk entry lacks %s", k)
			}
		}
	}
}

func TestSnapshotTable(t *testing.T) {
	t.Setenv("LOOKOUT_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out, errOut, code := runCLI(t, "snapshot")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"CPU", "Memory", "Load per core", "Processes"} {
		if !strings.Contains(out, w) {
			t.Errorf("table lacks %q:\n%s", w, out)
		}
	}
}

func TestVersionAndUnknown(t *testing.T) {
	if out, _, code := runCLI(t, "--version"); code != 0 || !strings.HasPrefix(out, "lookout ") {
		t.Errorf("--version: %d %q", code, out)
	}
	if _, errOut, code := runCLI(t, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
	if _, errOut, code := runCLI(t, "snapshot", "--host", "nope"); code != 1 || !strings.Contains(errOut, `no host "nope"`) {
		t.Errorf("unknown host: %d %q", code, errOut)
	}
}

func TestCheckConfigWarnsOfReadableSecrets(t *testing.T) {
	f := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(f, []byte("[[channels]]\nname = \"ops\"\ntype = \"wecom\"\nwebhook = \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc\"\n"), 0o644)
	out, _, code := runCLI(t, "check-config", f)
	if code != 0 || !strings.Contains(out, "warning: ") || !strings.Contains(out, "chmod 600") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if strings.Contains(out, "key=abc") {
		t.Errorf("the secret is printed:\n%s", out)
	}
}
