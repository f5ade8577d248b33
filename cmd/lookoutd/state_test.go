package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"lookout/engine/alert"
	"lookout/engine/history"
	"lookout/internal/paths"
	"lookout/runtime"
)

// unitEnv is the environment the shipped systemd unit gives lookoutd:
// HOME that cannot be written (here a file, so even root cannot create
// ~/.local in it), StateDirectory= and ConfigurationDirectory= set, no XDG
// variables.
func unitEnv(state, conf string) []string {
	env := []string{"HOME=/dev/null", "STATE_DIRECTORY=" + state, "CONFIGURATION_DIRECTORY=" + conf,
		"PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}
	return env
}

const unitConfig = `
interval = "1s"
[[hosts]]
name = "box"
local = true
[[channels]]
name = "hook"
type = "webhook"
url = "http://127.0.0.1:9/never"
`

// startDaemon starts lookoutd run with env and waits for its first poll.
func startDaemon(t *testing.T, bin string, env []string, args ...string) (*exec.Cmd, <-chan error, *logBuf, string) {
	t.Helper()
	addr := freeAddr(t)
	logs := &logBuf{}
	cmd := exec.Command(bin, append([]string{"run", "--listen", addr}, args...)...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
	})
	return cmd, exited, logs, "http://" + addr
}

func stopDaemon(t *testing.T, cmd *exec.Cmd, exited <-chan error, logs *logBuf) {
	t.Helper()
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, logs)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("no exit 15 s after SIGTERM:\n%s", logs)
	}
}

// TestSystemdUnitEnvironment: under the unit's environment lookoutd runs,
// and everything it writes — outbox, event log, silences, the owner
// record, the history — lands in $STATE_DIRECTORY (#12 defect 1: it used
// to exit 1 with "outbox: mkdir …/.local").
func TestSystemdUnitEnvironment(t *testing.T) {
	bin := lookoutd(t)
	dir := t.TempDir()
	state, conf := filepath.Join(dir, "var-lib-lookoutd"), filepath.Join(dir, "etc-lookout")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(conf, "lookoutd.toml"), []byte(unitConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	// As in the unit: --config ${CONFIGURATION_DIRECTORY}/lookoutd.toml.
	cmd, exited, logs, base := startDaemon(t, bin, unitEnv(state, conf), "--config", filepath.Join(conf, "lookoutd.toml"))
	waitFor(t, "the first poll", func() bool {
		select {
		case err := <-exited:
			t.Fatalf("lookoutd exited: %v\n%s", err, logs)
		default:
		}
		return strings.Contains(get(base+"/healthz"), "box ok")
	}, logs)
	stopDaemon(t, cmd, exited, logs)
	for _, f := range []string{paths.OutboxDirName, alert.LogFile, runtime.OwnerFileName, paths.LockFileName, history.FileName} {
		if _, err := os.Stat(filepath.Join(state, f)); err != nil {
			t.Errorf("%s not in STATE_DIRECTORY: %v", f, err)
		}
	}
}

// TestStateBelongsToItsConfiguration: a second lookoutd with another
// configuration on the same state directory is refused with a clear error,
// both while the first runs and after it stopped (its hosts would
// otherwise "resolve" the first one's alerts).
func TestStateBelongsToItsConfiguration(t *testing.T) {
	bin := lookoutd(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	cfgA, cfgB := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
	for _, f := range []string{cfgA, cfgB} {
		if err := os.WriteFile(f, []byte(fmt.Sprintf(goodConfig, filepath.Join(dir, "hist-"+filepath.Base(f)), "box")), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "LOOKOUT_STATE_DIR="+state)
	a, exitedA, logsA, baseA := startDaemon(t, bin, env, "--config", cfgA)
	waitFor(t, "a's first poll", func() bool { return strings.Contains(get(baseA+"/healthz"), "box ok") }, logsA)

	run := func(cfg string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "run", "--config", cfg)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	t.Run("while the first runs", func(t *testing.T) {
		out, err := run(cfgA)
		if err == nil || !strings.Contains(out, "in use by another running Lookout") || !strings.Contains(out, "LOOKOUT_STATE_DIR") {
			t.Errorf("second lookoutd on the same state: err %v\n%s", err, out)
		}
	})
	stopDaemon(t, a, exitedA, logsA)
	t.Run("another configuration afterwards", func(t *testing.T) {
		out, err := run(cfgB)
		if err == nil || !strings.Contains(out, "belongs to another configuration") || !strings.Contains(out, cfgA) {
			t.Errorf("lookoutd with another configuration: err %v\n%s", err, out)
		}
	})
}
