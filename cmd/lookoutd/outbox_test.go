package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"lookout/internal/fake"
)

// queued returns the outbox entries waiting for channel.
func queued(t *testing.T, outbox, channel string) []map[string]any {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(outbox, "queue", channel, "*.json"))
	var out []map[string]any
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var e map[string]any
		if json.Unmarshal(b, &e) == nil {
			out = append(out, e)
		}
	}
	return out
}

// TestRunKeepsQueuedAlertsAcrossSIGTERM: an alert that the robot refuses
// (503) stays in the outbox when the daemon is stopped, and the next start
// delivers it — once, without raising the still-firing alert again.
func TestRunKeepsQueuedAlertsAcrossSIGTERM(t *testing.T) {
	bin := lookoutd(t)
	dir := t.TempDir()
	wecom := fake.NewWeCom(t, "k")
	wecom.Script(fake.Reply{Status: 503})
	cfg := filepath.Join(dir, "lookout.toml")
	os.WriteFile(cfg, []byte(`interval = "1s"
[notify]
group_wait = "0s"
group_interval = "0s"
[rules]
sustain = 1
hysteresis = 0.1
[rules.mem]
warning = 0.5
critical = 99.9
[history]
enabled = false
[[hosts]]
name = "box"
local = true
[[channels]]
name = "ops"
type = "wecom"
webhook = "`+wecom.Webhook()+`"
`), 0o600)
	env := append(os.Environ(), "HOME="+dir, "XDG_STATE_HOME="+filepath.Join(dir, "state"), "LOOKOUT_CONFIG=")
	outbox := filepath.Join(dir, "state", "lookout", "outbox")
	start := func() (*exec.Cmd, *logBuf) {
		logs := &logBuf{}
		cmd := exec.Command(bin, "run", "--config", cfg)
		cmd.Env, cmd.Stdout, cmd.Stderr = env, logs, logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd, logs
	}
	stop := func(cmd *exec.Cmd, logs *logBuf) {
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, logs)
		}
	}

	cmd, logs := start()
	waitFor(t, "a delivery attempt refused", func() bool {
		q := queued(t, outbox, "ops")
		return len(q) == 1 && q[0]["attempts"] != nil
	}, logs)
	stop(cmd, logs)
	if q := queued(t, outbox, "ops"); len(q) != 1 {
		t.Fatalf("after SIGTERM the outbox holds %d messages, want the 1 refused", len(q))
	}
	if n := len(wecom.Got()); n != 0 {
		t.Fatalf("the robot accepted %d messages while answering 503", n)
	}

	cmd, logs = start()
	waitFor(t, "the queued alert delivered", func() bool { return len(wecom.Got()) > 0 }, logs)
	time.Sleep(2 * time.Second) // a second message would come now
	stop(cmd, logs)
	var alerts int
	for _, m := range wecom.Got() {
		// The alert may come alone or grouped with others of its round:
		// count its firing line.
		for _, line := range strings.Split(m.Content, "\n") {
			if m.Type == "markdown" && strings.Contains(line, "**box** · Memory:") && !strings.Contains(line, "RESOLVED") {
				alerts++
			}
		}
	}
	if alerts != 1 {
		var got []string
		for _, m := range wecom.Got() {
			got = append(got, m.Type+": "+strings.SplitN(m.Content, "\n", 2)[0])
		}
		t.Errorf("the alert reached the robot %d times, want once: %q", alerts, got)
	}
	if q := queued(t, outbox, "ops"); len(q) != 0 {
		t.Errorf("outbox still holds %d messages", len(q))
	}
}
