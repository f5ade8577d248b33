package expose

import (
	"bytes"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func fixture() []entity.Snapshot {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return []entity.Snapshot{{
		Host: "web-1", Time: at, UptimeS: 3600,
		CPU:    entity.CPUStat{Percent: 42.5, User: 30, System: 10, IOWait: 2, Steal: 0.5, PerCore: []float64{40, 45}, Cores: 2},
		Load:   entity.LoadStat{Load1: 0.5, Load5: 0.25, Load15: 0.125},
		Mem:    entity.MemStat{TotalBytes: 8 << 30, AvailableBytes: 6 << 30, UsedBytes: 2 << 30, Percent: 25},
		Swap:   entity.SwapStat{TotalBytes: 1 << 30, UsedBytes: 1 << 20, Percent: 0.1},
		Disks:  []entity.DiskStat{{Mount: "/", Device: "/dev/sda1", FSType: "ext4", TotalBytes: 100 << 30, UsedBytes: 40 << 30, FreeBytes: 55 << 30, Percent: 42.1}},
		Net:    []entity.NetStat{{Iface: "eth0", RxBytesPerS: 1000, TxBytesPerS: 2000, RxBytesTotal: 1e9, TxBytesTotal: 2e9}},
		Temps:  []entity.TempStat{{Sensor: "coretemp", Celsius: 51}},
		Procs:  entity.ProcStats{Total: 123, Counts: map[string]int{"python": 3}, Missing: []string{"nginx"}},
		Errors: map[string]string{"sensors": "permission denied"},
	}, {Host: "db \"main\"", Time: at}}
}

func TestWriteGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "snapshots.prom")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("exposition differs from %s (run go test -update):\n%s", golden, b.String())
	}
	// What Prometheus' own linter says about names, units and help.
	probs, err := testutil.CollectAndLint(NewSnapshots(fixture))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		if strings.HasPrefix(p.Metric, "node_memory_") && strings.Contains(p.Text, "camelCase") {
			continue // node_exporter's own names, kept for its dashboards
		}
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

func TestHandlerServesHealth(t *testing.T) {
	reg := NewRegistry()
	h := NewHealth()
	if err := h.Register(reg); err != nil {
		t.Fatal(err)
	}
	reg.MustRegister(NewSnapshots(fixture))
	depth := 7.0
	if err := GaugeFunc(reg, "lookout_outbox_depth", "Messages waiting.", func() float64 { return depth }); err != nil {
		t.Fatal(err)
	}
	h.Observe(entity.HostStatus{Host: "web-1", State: entity.StateOK, Duration: 30 * time.Millisecond}, entity.Snapshot{}, true)
	h.Observe(entity.HostStatus{Host: "db", State: entity.StateFailing, ErrorKind: entity.KindTimeout, Duration: time.Second}, entity.Snapshot{}, false)
	rec := httptest.NewRecorder()
	Handler(reg).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`lookout_poll_errors_total{host="db",kind="timeout"} 1`,
		`lookout_host_up{host="web-1"} 1`,
		`lookout_poll_duration_seconds_count{host="web-1"} 1`,
		`lookout_outbox_depth 7`,
		`node_load1{host="web-1"} 0.5`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	h.Forget(map[string]bool{"web-1": true})
	rec = httptest.NewRecorder()
	Handler(reg).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if strings.Contains(rec.Body.String(), `host="db"`) {
		t.Error("a forgotten host is still exposed")
	}
}
