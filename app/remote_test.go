package app

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/collect/agent"
	"lookout/engine/collect/local"
	sshcol "lookout/engine/collect/ssh"
	"lookout/internal/sshdtest"
)

// runCLIInput runs the lookout command line with stdin and returns its
// output and the exit code.
func runCLIInput(t *testing.T, stdin string, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(stdin), Log: slog.New(slog.DiscardHandler)}
	code := run(context.Background(), env, args)
	return out.String() + errb.String(), code
}

// TestRemoteCommands: lookout hosts, trust and snapshot against a real
// sshd and a real agent, in a home directory of their own.
func TestRemoteCommands(t *testing.T) {
	d := sshdtest.Start(t, "")
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("SSH_AUTH_SOCK", "")
	t.Setenv("LOOKOUT_TEST_AGENT_TOKEN", "agent-token-for-tests")

	h, err := agent.NewHandler(agent.HandlerOptions{Token: []byte("agent-token-for-tests"),
		New: func(k, r []string) engine.Collector {
			return local.New(local.Options{Host: "box", Keywords: k, Required: r})
		}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	cfg := filepath.Join(home, "lookout.toml")
	os.WriteFile(cfg, []byte(`
[[hosts]]
name = "web1"
ssh = "`+d.Target()+`"
identity_file = "`+d.ClientKey+`"
require_processes = ["sshd"]

[[hosts]]
name = "db1"
agent = "`+srv.URL+`"
token = "${LOOKOUT_TEST_AGENT_TOKEN}"
`), 0o600)
	fp := sshcol.Fingerprint(d.HostKey)

	out, code := runCLIInput(t, "", "--config", cfg, "hosts")
	if code != 1 || !strings.Contains(out, "untrusted") || !strings.Contains(out, fp) || !strings.Contains(out, "host key not trusted") {
		t.Fatalf("hosts before trust (exit %d):\n%s", code, out)
	}
	if !regexpLine(out, "db1", "ok") {
		t.Errorf("db1 not ok:\n%s", out)
	}

	out, code = runCLIInput(t, "n\n", "--config", cfg, "trust", "web1")
	if code != 1 || !strings.Contains(out, fp) || !strings.Contains(out, "Not trusted") {
		t.Fatalf("declined trust (exit %d):\n%s", code, out)
	}
	out, code = runCLIInput(t, "y\n", "--config", cfg, "trust", "web1")
	if code != 0 || !strings.Contains(out, fp) || !strings.Contains(out, "is trusted") {
		t.Fatalf("trust (exit %d):\n%s", code, out)
	}
	kh, _ := os.ReadFile(filepath.Join(home, ".config", "lookout", "known_hosts"))
	if !strings.HasPrefix(string(kh), "[127.0.0.1]:"+strconv.Itoa(d.Port)+" ssh-ed25519 ") {
		t.Errorf("known_hosts: %q", kh)
	}

	out, code = runCLIInput(t, "", "--config", cfg, "hosts", "--json")
	var checks []HostCheck
	if err := json.Unmarshal([]byte(out), &checks); err != nil || code != 0 || len(checks) != 2 {
		t.Fatalf("hosts --json (exit %d): %v\n%s", code, err, out)
	}
	for _, c := range checks {
		if c.State != entity.StateOK {
			t.Errorf("%s: %s %s", c.Name, c.State, c.Error)
		}
	}

	for _, host := range []string{"web1", "db1"} {
		out, code = runCLIInput(t, "", "--config", cfg, "snapshot", "--host", host, "--json")
		var s entity.Snapshot
		if err := json.Unmarshal([]byte(out), &s); err != nil || code != 0 {
			t.Fatalf("snapshot --host %s (exit %d): %v\n%s", host, code, err, out)
		}
		if s.Host != host || s.Mem.TotalBytes == 0 || s.CPU.Cores == 0 {
			t.Errorf("snapshot of %s: %+v", host, s)
		}
	}

	out, code = runCLIInput(t, "", "--config", cfg, "trust", "db1")
	if code != 1 || !strings.Contains(out, "not reached over ssh") {
		t.Errorf("trust of an agent host (exit %d): %s", code, out)
	}
}

func regexpLine(out, host, state string) bool {
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) > 3 && f[0] == host && f[3] == state {
			return true
		}
	}
	return false
}
