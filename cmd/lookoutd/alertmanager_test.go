package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"lookout/internal/amapi"
	"lookout/internal/promtest"
)

const amConfig = `
interval = "1s"
[history]
enabled = false
[[hosts]]
name = "box"
local = true
[rules]
sustain = 1
[rules.cpu]
enabled = false
[rules.mem]
enabled = false
[rules.swap]
enabled = false
[rules.load_per_core]
enabled = false
[rules.temp]
enabled = false
[rules.disk]
warning = %s
critical = %s
hysteresis = 0.5
[[channels]]
name = "team-am"
type = "alertmanager"
url = %q
resend_interval = "1s"
labels = { team = "ops" }
`

// lookoutd with an alertmanager channel, against Debian's
// prometheus-alertmanager: a disk rule set below the current use fires
// there (the receiver hears it with Lookout's labels), lookout_alert_active
// says so on /metrics, the alert stays active in Alertmanager past the
// endsAt of its first post (it is re-posted), and raising the threshold
// resolves it there.
func TestAlertmanagerChannel(t *testing.T) {
	bin := lookoutd(t)
	rcv := promtest.NewReceiver(t)
	am := promtest.Alertmanager(t, rcv, time.Second)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "lookout.toml")
	write := func(warn, crit string) {
		if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf(amConfig, warn, crit, am)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("1", "99.9")
	addr := freeAddr(t)
	logs := &logBuf{}
	cmd := exec.Command(bin, "run", "--config", cfgPath, "--listen", addr)
	cmd.Env = append(os.Environ(), "LOOKOUT_STATE_DIR="+filepath.Join(dir, "state"))
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	n := rcv.Wait(t, 60*time.Second, "the disk alert of box", func(n promtest.Notification) bool {
		return n.Status == "firing" && len(n.Alerts) > 0 && n.Alerts[0].Labels["alertname"] == "disk"
	})
	l := n.Alerts[0].Labels
	if l["host"] != "box" || l["severity"] != "warning" || l["mount"] == "" || l["team"] != "ops" {
		t.Errorf("labels %v", l)
	}
	waitFor(t, "lookout_alert_active on /metrics", func() bool {
		return strings.Contains(get("http://"+addr+"/metrics"), `lookout_alert_active{host="box",rule="disk:`+l["mount"]+`",severity="warning"} 1`)
	}, logs)

	// Re-posted: still active after four resend intervals (the endsAt
	// of a single post) have passed.
	api, _ := amapi.New(amapi.Options{URL: am})
	first := time.Now()
	waitFor(t, "the alert to outlive its first endsAt", func() bool {
		as, err := api.Alerts(t.Context(), true, true)
		return err == nil && len(as) > 0 && as[0].EndsAt.After(first.Add(5*time.Second))
	}, logs)

	write("99", "99.9")
	cmd.Process.Signal(syscall.SIGHUP)
	rcv.Wait(t, 60*time.Second, "the resolution of the disk alert", func(n promtest.Notification) bool {
		return n.Status == "resolved" && len(n.Alerts) > 0 && n.Alerts[0].Labels["alertname"] == "disk"
	})
}
