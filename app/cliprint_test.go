package app

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/engine/alert"
	"lookout/engine/report"
	"lookout/entity"
	"lookout/internal/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/cli/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "cli", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// rawKeys are rule keys that must never reach a person.
var rawKeys = []string{"mem ", "load_per_core", "disk:/", "process:", "disk_max", "load1", "24h0m0s", "1 days"}

func checkHuman(t *testing.T, out string) {
	t.Helper()
	for _, k := range rawKeys {
		if strings.Contains(out, k) {
			t.Errorf("raw %q in\n%s", k, out)
		}
	}
}

// TestCLITablesHumanNames: the tables of lookout alerts, hosts, snapshot
// and report name rules and figures as people do ("Memory", "Disk /data",
// "Load per core", "Process nginx missing", 内存) and write durations in
// words, in English and Chinese; never the raw keys.
func TestCLITablesHumanNames(t *testing.T) {
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = time.UTC })
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	now := start.Add(26 * time.Hour)
	active := []alert.Event{
		{Kind: alert.KindFiring, Host: "web1", Rule: "mem", Key: "mem", Metric: "mem", Unit: "%", Severity: alert.SeverityCritical,
			Value: 92, Threshold: 90, Peak: 95, Start: start, At: start, Sent: true},
		{Kind: alert.KindFiring, Host: "web1", Rule: "load_per_core", Key: "load_per_core", Metric: "load_per_core",
			Severity: alert.SeverityWarning, Value: 2.5, Threshold: 2, Peak: 3, Start: now.Add(-2 * time.Minute), At: now, Sent: true},
		{Kind: alert.KindFiring, Host: "db1", Rule: "process", Key: "process:nginx", Severity: alert.SeverityCritical,
			Value: 1, Start: now.Add(-45 * time.Second), At: now, Sent: false, Silence: "s1"},
	}
	events := []alert.Event{
		active[0],
		{Kind: alert.KindResolved, Host: "db1", Rule: "disk", Key: "disk:/data", Metric: "disk:/data", Unit: "%",
			Severity: alert.SeverityWarning, PrevSeverity: alert.SeverityCritical, Value: 70, Threshold: 85, Peak: 88,
			Start: start, At: start.Add(24 * time.Hour), Duration: 24 * time.Hour, Sent: true},
	}
	checks := []HostCheck{
		{Name: "web1", Kind: "agent", Target: "https://web1:9100", State: entity.StateOK, LastPoll: now,
			Duration: 312 * time.Millisecond, Missing: []string{"nginx"}},
		{Name: "db1", Kind: "ssh", Target: "db1:22", State: entity.StateFailing, ErrorKind: entity.KindTimeout,
			LastPoll: now, Duration: 5 * time.Second, Error: "ssh: dial db1:22: i/o timeout"},
	}
	snap := entity.Snapshot{Host: "web1", Time: now, UptimeS: 26 * 3600,
		CPU:   entity.CPUStat{Percent: 12.5, User: 10, System: 2, Cores: 2, Model: "Xeon", PerCore: []float64{10, 15}},
		Load:  entity.LoadStat{Load1: 0.5, Load5: 0.4, Load15: 0.3},
		Mem:   entity.MemStat{Percent: 45, UsedBytes: 4 << 30, TotalBytes: 8 << 30, AvailableBytes: 4 << 30},
		Disks: []entity.DiskStat{{Mount: "/data", Percent: 40, UsedBytes: 40 << 30, TotalBytes: 100 << 30, FSType: "ext4", Device: "/dev/sdb1"}},
		Procs: entity.ProcStats{Total: 120, Missing: []string{"nginx"}}}
	nan := func() float64 { var z float64; return z / z }()
	rep := &report.Report{From: start, To: start.Add(24 * time.Hour), Period: 24 * time.Hour, Hosts: []report.Host{
		{Name: "web1", LastSeen: start.Add(24 * time.Hour), DiskMount: "/data", Stats: []report.Stat{
			{Metric: entity.MetricMem, Percent: true, Current: 45, Average: 40, Peak: 92, PeakAt: start.Add(time.Hour), Level: entity.LevelMid},
			{Metric: entity.MetricDiskMax, Percent: true, Current: 40, Average: 40, Peak: 41, PeakAt: start.Add(2 * time.Hour), Level: entity.LevelMid},
			{Metric: entity.MetricLoad1, Current: 0.5, Average: 0.4, Peak: 2.5, PeakAt: start.Add(3 * time.Hour), Level: entity.LevelLow},
			{Metric: entity.MetricSwap, Percent: true, Current: nan, Average: nan, Peak: nan},
		}, Alerts: []report.Alert{{At: start.Add(time.Hour), Start: start.Add(time.Hour), Metric: "mem", Severity: "critical", Value: 92, Peak: 95,
			Message: "firing critical web1 mem 92.0 % (threshold 90.0 %)"}}},
		{Name: "db1"},
	}}
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		tests := []struct {
			name  string
			write func(*bytes.Buffer) error
		}{
			{"alerts", func(b *bytes.Buffer) error {
				if err := writeActive(b, active, now, lang); err != nil {
					return err
				}
				return writeEvents(b, events, lang)
			}},
			{"hosts", func(b *bytes.Buffer) error { return writeHosts(b, checks, lang) }},
			{"snapshot", func(b *bytes.Buffer) error { return WriteTable(b, snap, lang) }},
			{"report", func(b *bytes.Buffer) error { return writeReport(b, rep, time.UTC, lang) }},
		}
		for _, tt := range tests {
			t.Run(tt.name+"/"+string(lang), func(t *testing.T) {
				var b bytes.Buffer
				if err := tt.write(&b); err != nil {
					t.Fatal(err)
				}
				checkHuman(t, b.String())
				golden(t, tt.name+"."+string(lang)+".txt", b.String())
			})
		}
	}
}
