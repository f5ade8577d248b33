package promrules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/internal/i18n"
	"lookout/internal/promtest"
)

// The exported rules run in a real Prometheus scraping a real
// node_exporter: a disk rule whose warning is below the current use of
// the root filesystem fires, and reaches a real Alertmanager with the
// labels Lookout's own channel posts (alertname, host, severity, mount).
func TestRulesFireInRealPrometheus(t *testing.T) {
	ne := promtest.NewReceiver(t) // Alertmanager's webhook
	am := promtest.Alertmanager(t, ne, time.Second)
	nodeExporter := promtest.NodeExporter(t)
	doc := `
interval = "1s"
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
enabled = false
[rules.disk.mounts."/"]
enabled = true
warning = 1
hysteresis = 0.5
critical = 100
`
	dir := t.TempDir()
	rules := filepath.Join(dir, "lookout.rules.yml")
	if err := os.WriteFile(rules, build(t, doc, i18n.EN, `job="node"`), 0o644); err != nil {
		t.Fatal(err)
	}
	promtool(t, rules)
	promtest.Prometheus(t, fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [%q]
alerting:
  alertmanagers:
  - static_configs:
    - targets: [%q]
scrape_configs:
- job_name: node
  static_configs:
  - targets: [%q]
`, rules, strings.TrimPrefix(am, "http://"), nodeExporter))
	n := ne.Wait(t, 60*time.Second, "the disk rule of /", func(n promtest.Notification) bool {
		return n.Status == "firing" && len(n.Alerts) > 0 && n.Alerts[0].Labels["alertname"] == "disk"
	})
	l := n.Alerts[0].Labels
	if l["mount"] != "/" || l["severity"] != "warning" || l["host"] != "127.0.0.1" || l["job"] != "node" {
		t.Errorf("labels %v, want mount /, severity warning, host 127.0.0.1", l)
	}
	if s := n.Alerts[0].Annotations["summary"]; !strings.HasPrefix(s, "127.0.0.1: Disk / ") || !strings.HasSuffix(s, "%") {
		t.Errorf("summary %q", s)
	}
}
