package prom

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"lookout/internal/fake"
	"lookout/internal/promtest"
	"lookout/internal/testenv"
)

// BenchmarkFleetRefresh1000 is one round of a 1,000-instance fleet: the
// fleet's queries against a fake Prometheus (internal/fake) and every
// host's snapshot built. cpu-ms/op is the whole process's CPU per round
// (the fake only writes replies it made once); heap-MB is the live heap
// after the rounds.
func BenchmarkFleetRefresh1000(b *testing.B) {
	f := fake.NewPrometheus(b, 1000)
	fl, err := NewFleet(FleetOptions{URL: f.URL(), MaxAge: time.Nanosecond})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	snaps, err := fl.Refresh(ctx) // warm: the fake's replies are made
	if err != nil || len(snaps) != 1000 {
		b.Fatalf("%d hosts, %v", len(snaps), err)
	}
	if s := snaps[fake.Instance(0)]; s.CPU.Cores != 4 || len(s.Disks) != 2 || s.Mem.Percent <= 0 {
		b.Fatalf("snapshot %+v", s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := testenv.ProcessCPU()
	for b.Loop() {
		if _, err := fl.Refresh(ctx); err != nil {
			b.Fatal(err)
		}
	}
	testenv.ReportCPU(b, cpu)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
}

// BenchmarkRealPrometheus1000 is the same round against a real
// Prometheus that scrapes one real node_exporter under 1,000 instance
// labels (relabeling sets every target's address to the one exporter):
// the series and the query work of a 1,000-host fleet, on one machine.
func BenchmarkRealPrometheus1000(b *testing.B) {
	// Only the collectors Lookout reads: a thousand scrapes a minute of
	// one exporter stay within a shared machine's means.
	ne := promtest.NodeExporter(b, "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo",
		"--collector.filesystem", "--collector.loadavg", "--collector.netdev", "--collector.diskstats", "--collector.time")
	var targets []string
	for i := range 1000 {
		targets = append(targets, fmt.Sprintf("%q", fake.Instance(i)))
	}
	url := promtest.Prometheus(b, fmt.Sprintf(`global:
  scrape_interval: 30s
  scrape_timeout: 20s
scrape_configs:
- job_name: node
  static_configs:
  - targets: [%s]
  relabel_configs:
  - source_labels: [__address__]
    target_label: instance
  - target_label: __address__
    replacement: %q
`, strings.Join(targets, ", "), ne))
	fl, err := NewFleet(FleetOptions{URL: url, MaxAge: time.Nanosecond, RateWindow: 2 * time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	// Every target scraped at least once (the first scrapes spread over
	// the interval) and rates known (two scrapes).
	deadline := time.Now().Add(4 * time.Minute)
	for {
		snaps, err := fl.Refresh(ctx)
		n := 0
		for _, s := range snaps {
			if s.Mem.TotalBytes > 0 && s.CPU.Percent > 0 {
				n++
			}
		}
		if err == nil && n == 1000 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("Prometheus has %d of 1000 hosts with figures after 4 min (%v)", n, err)
		}
		time.Sleep(5 * time.Second)
	}
	b.ResetTimer()
	cpu := testenv.ProcessCPU()
	for b.Loop() {
		if _, err := fl.Refresh(ctx); err != nil {
			b.Fatal(err)
		}
	}
	testenv.ReportCPU(b, cpu)
}
