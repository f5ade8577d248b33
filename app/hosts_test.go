package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"lookout/internal/promtest"
)

// TestHostsPrometheusKinds: lookout hosts names a node_exporter host and
// a Prometheus fleet by their kind and URL, and lists the fleet's
// instances as the monitor polls them (a real Prometheus scraping a real
// node_exporter). It printed "this machine" with no kind for both, and
// the fleet as one failing line ("is a Prometheus fleet"); lookout
// snapshot knew no instance of a fleet.
func TestHostsPrometheusKinds(t *testing.T) {
	ne := promtest.NodeExporter(t)
	prom := promtest.Prometheus(t, fmt.Sprintf(`global:
  scrape_interval: 1s
scrape_configs:
- job_name: node
  static_configs:
  - targets: [%q]
`, ne))
	waitScraped(t, prom)

	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	cfg := filepath.Join(home, "lookout.toml")
	if err := os.WriteFile(cfg, []byte(`
[[hosts]]
name = "ne"
prometheus = "http://`+ne+`/metrics"

[[hosts]]
name = "fleet"
promql = "`+prom+`"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := runCLIInput(t, "", "--config", cfg, "hosts", "--json")
	var got []HostCheck
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("hosts --json (exit %d): %v\n%s", code, err, out)
	}
	want := []HostCheck{
		{Name: "ne", Kind: "prometheus", Target: "http://" + ne + "/metrics", State: entity.StateOK},
		{Name: ne, Kind: "promql", Target: prom, State: entity.StateOK},
	}
	if len(got) != len(want) {
		t.Fatalf("hosts --json (exit %d): %d hosts, want %d:\n%s", code, len(got), len(want), out)
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.Name || g.Kind != w.Kind || g.Target != w.Target || g.State != w.State {
			t.Errorf("host %d: %s %s %s %s (%s), want %s %s %s %s", i, g.Name, g.Kind, g.Target, g.State, g.Error,
				w.Name, w.Kind, w.Target, w.State)
		}
	}
	if code != 0 {
		t.Errorf("exit %d, want 0:\n%s", code, out)
	}

	// lookout snapshot --host takes a fleet's instance by the name
	// lookout hosts gives it.
	out, code = runCLIInput(t, "", "--config", cfg, "snapshot", "--json", "--host", ne)
	var snap entity.Snapshot
	if err := json.Unmarshal([]byte(out), &snap); err != nil || code != 0 {
		t.Fatalf("snapshot --host %s (exit %d): %v\n%s", ne, code, err, out)
	}
	if snap.Host != ne || snap.Mem.TotalBytes == 0 {
		t.Errorf("snapshot of %s: host %q, memory total %d", ne, snap.Host, snap.Mem.TotalBytes)
	}
}

// waitScraped waits until Prometheus at base holds a sample of up.
func waitScraped(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/api/v1/query?query=up")
		if err == nil {
			var r struct {
				Data struct {
					Result []json.RawMessage `json:"result"`
				} `json:"data"`
			}
			err = json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
			if err == nil && len(r.Data.Result) > 0 {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("Prometheus at %s scraped nothing in 60 s", strings.TrimPrefix(base, "http://"))
}
