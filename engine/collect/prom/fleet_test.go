package prom

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/expose"
)

// startPrometheus runs Debian's prometheus on a free loopback port with a
// temp data dir, scraping targets every second, and returns its URL.
func startPrometheus(t testing.TB, jobs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
	for job, target := range jobs {
		cfg += fmt.Sprintf("  - job_name: %q\n    static_configs:\n      - targets: [%q]\n", job, target)
	}
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	start(t, "prometheus", "http://"+addr+"/-/ready",
		"--config.file="+filepath.Join(dir, "prometheus.yml"), "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--storage.tsdb.retention.time=1h", "--log.level=warn")
	return "http://" + addr
}

// TestFleetFromPrometheus has a real Prometheus scrape a real
// node_exporter and a Lookout /metrics endpoint (the handler lookoutd
// serves), then reads both back as Lookout hosts through the HTTP API.
func TestFleetFromPrometheus(t *testing.T) {
	ne := startNodeExporter(t)
	at := time.Now()
	web := entity.Snapshot{Host: "web-1", Time: at,
		CPU:   entity.CPUStat{Percent: 42.5, User: 30, System: 12.5, PerCore: []float64{40, 45}, Cores: 2},
		Load:  entity.LoadStat{Load1: 0.75, Load5: 0.5, Load15: 0.25},
		Mem:   entity.MemStat{TotalBytes: 8 << 30, AvailableBytes: 6 << 30, Percent: 25},
		Disks: []entity.DiskStat{{Mount: "/", Device: "/dev/sda1", FSType: "ext4", TotalBytes: 100 << 30, UsedBytes: 40 << 30, FreeBytes: 55 << 30, Percent: 42.1}},
		Net:   []entity.NetStat{{Iface: "eth0", RxBytesTotal: 1e9, TxBytesTotal: 2e9}},
		Procs: entity.ProcStats{Total: 123},
	}
	reg := expose.NewRegistry()
	reg.MustRegister(expose.NewSnapshots(func() []entity.Snapshot { return []entity.Snapshot{web} }))
	lookoutd := httptest.NewServer(expose.Handler(reg))
	defer lookoutd.Close()

	url := startPrometheus(t, map[string]string{"node": ne, "lookout": lookoutd.Listener.Addr().String()})
	fleet, err := NewFleet(FleetOptions{URL: url, RateWindow: 10 * time.Second, MaxAge: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Wait for two scrapes of each, so rate() has data.
	var snaps map[string]entity.Snapshot
	for {
		snaps, err = fleet.Refresh(ctx)
		if err == nil && len(snaps) == 2 && snaps[ne].CPU.Percent > 0 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("Prometheus never reported both hosts: %v %v", snaps, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
	hosts, _ := fleet.Hosts(ctx)
	if !slices.Equal(hosts, []string{ne, "web-1"}) {
		t.Errorf("hosts %v, want %v and web-1", hosts, ne)
	}
	w := snaps["web-1"]
	if w.CPU.Percent != 42.5 || w.CPU.Cores != 2 || w.Load.Load1 != 0.75 || w.Mem.Percent != 25 || w.Procs.Total != 123 {
		t.Errorf("web-1 read back: cpu %+v load %+v mem %+v", w.CPU, w.Load, w.Mem)
	}
	if len(w.Disks) != 1 || w.Disks[0].Percent != 42.1 || len(w.Net) != 1 || w.Net[0].RxBytesTotal != 1e9 {
		t.Errorf("web-1 disks %+v net %+v", w.Disks, w.Net)
	}
	n := snaps[ne]
	if n.CPU.Cores != runtime.NumCPU() || n.Mem.TotalBytes == 0 || len(n.Disks) == 0 || n.UptimeS <= 0 {
		t.Errorf("node_exporter host read back: cores %d mem %+v disks %v uptime %v", n.CPU.Cores, n.Mem, n.Disks, n.UptimeS)
	}
	// Each host's collector shares the fleet's refreshes.
	s, err := fleet.Collector("web-1").Collect(ctx)
	if err != nil || s.Host != "web-1" {
		t.Errorf("collector: %v %v", s.Host, err)
	}
	if _, err := fleet.Collector("gone").Collect(ctx); err == nil {
		t.Error("a host Prometheus does not have was collected")
	}
	// Charts: query_range.
	tests := []struct {
		name, host, metric string
		want               func(float64) bool
	}{
		{"lookout load", "web-1", "load1", func(v float64) bool { return v == 0.75 }},
		{"lookout disk", "web-1", "disk:/", func(v float64) bool { return v == 42.1 }},
		{"lookout cpu", "web-1", "cpu", func(v float64) bool { return v == 42.5 }},
		{"node cpu", ne, "cpu", func(v float64) bool { return v >= 0 && v <= 100 }},
		{"node mem", ne, "mem", func(v float64) bool { return v > 0 && v < 100 }},
		{"node disk max", ne, "disk_max", func(v float64) bool { return v > 0 && v < 100 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Now()
			pts, err := fleet.Range(ctx, tt.host, tt.metric, now.Add(-time.Minute), now, 60)
			if err != nil {
				t.Fatal(err)
			}
			if len(pts) == 0 {
				t.Fatal("no points")
			}
			last := pts[len(pts)-1]
			if math.IsNaN(last.V) || !tt.want(last.V) {
				t.Errorf("last point %v", last)
			}
		})
	}
	if _, err := fleet.Range(ctx, "nobody", "cpu", time.Now().Add(-time.Minute), time.Now(), 10); err != engine.ErrUnknownHost {
		t.Errorf("unknown host: %v", err)
	}
}

func TestJoinDistinct(t *testing.T) {
	refused := errors.New("dial tcp 127.0.0.1:9090: connection refused")
	tests := []struct {
		errs []error
		want string
	}{
		{[]error{refused, refused, refused}, refused.Error()},
		{[]error{refused, errors.New("timeout"), refused}, refused.Error() + "\ntimeout"},
	}
	for _, tt := range tests {
		if got := joinDistinct(tt.errs).Error(); got != tt.want {
			t.Errorf("joinDistinct = %q, want %q", got, tt.want)
		}
	}
}
