package history

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"lookout/entity"
)

// benchSnap is a server's snapshot as the local collector fills it: 8
// cores, 3 filesystems, 2 interfaces, 1 sensor (34 series), with noisy
// values.
func benchSnap(rng *rand.Rand, host string, at time.Time) entity.Snapshot {
	cpu := rng.Float64() * 100
	s := entity.Snapshot{
		Host: host, Time: at,
		CPU:  entity.CPUStat{Percent: cpu, User: cpu * 0.6, System: cpu * 0.3, IOWait: rng.Float64(), Cores: 8},
		Load: entity.LoadStat{Load1: rng.Float64() * 8, Load5: rng.Float64() * 8, Load15: rng.Float64() * 8},
		Mem:  entity.MemStat{TotalBytes: 32 << 30, Percent: 40 + rng.Float64()*20},
		Swap: entity.SwapStat{TotalBytes: 4 << 30, Percent: rng.Float64()},
		Disks: []entity.DiskStat{{Mount: "/", Percent: 55 + rng.Float64()}, {Mount: "/var", Percent: 70 + rng.Float64()},
			{Mount: "/home", Percent: 30 + rng.Float64()}},
		DiskIO: entity.DiskIOStat{ReadBytesPerS: rng.Float64() * 1e7, WriteBytesPerS: rng.Float64() * 1e7},
		Net: []entity.NetStat{{Iface: "eth0", RxBytesPerS: rng.Float64() * 1e6, TxBytesPerS: rng.Float64() * 1e6},
			{Iface: "eth1", RxBytesPerS: rng.Float64() * 1e4, TxBytesPerS: rng.Float64() * 1e4}},
		Temps: []entity.TempStat{{Sensor: "coretemp", Celsius: 40 + rng.Float64()*20}},
		Procs: entity.ProcStats{Total: 300 + rng.IntN(20)},
	}
	for range 8 {
		s.CPU.PerCore = append(s.CPU.PerCore, rng.Float64()*100)
	}
	return s
}

// BenchmarkAppend measures samples (one metric value each) written per
// second, one transaction per snapshot, 50 hosts round robin.
func BenchmarkAppend(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	s := open(b, Options{Now: func() time.Time { return t0.Add(time.Hour) }})
	snaps := make([]entity.Snapshot, 50)
	for i := range snaps {
		snaps[i] = benchSnap(rng, fmt.Sprintf("host-%02d", i), t0)
	}
	perSnap := len(snaps[0].Metrics())
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sn := snaps[i%len(snaps)]
		sn.Time = t0.Add(time.Duration(i/len(snaps)) * 10 * time.Second)
		if err := s.Append(sn); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*perSnap)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkRange24h is a chart of one host's last 24 hours (8640 raw
// samples at 10 s) reduced to 1000 points, in a store holding 10 hosts.
func BenchmarkRange24h(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	end := t0.Add(24 * time.Hour)
	s := open(b, Options{Now: func() time.Time { return end }})
	for i := range 8640 {
		for h := range 10 {
			if err := s.Append(benchSnap(rng, fmt.Sprintf("host-%02d", h), t0.Add(time.Duration(i)*10*time.Second))); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		pts, err := s.Range("host-03", "cpu", t0, end, 1000)
		if err != nil || len(pts) == 0 || len(pts) > 1000 {
			b.Fatalf("%d points, %v", len(pts), err)
		}
	}
}

// BenchmarkDiskSize fills 48 hours of 2 hosts at 10 s (raw, minute and
// ten-minute tiers), measures each tier's bytes per row by deleting the
// tiers one by one, and extrapolates to 50 hosts over 30 days at 10 s: 48 h
// of raw rows, 30 days of minute rows and 30 days of ten-minute rows.
func BenchmarkDiskSize(b *testing.B) {
	for b.Loop() {
		rng := rand.New(rand.NewPCG(3, 3))
		const hosts, ticks = 2, 2 * 8640
		end := t0.Add(ticks * 10 * time.Second)
		s := open(b, Options{Now: func() time.Time { return end }})
		for i := range ticks {
			for h := range hosts {
				if err := s.Append(benchSnap(rng, fmt.Sprintf("host-%02d", h), t0.Add(time.Duration(i)*10*time.Second))); err != nil {
					b.Fatal(err)
				}
			}
		}
		perRow := map[string]float64{}
		before, _ := s.usedBytes(s.w)
		for _, t := range tiers {
			var rows int64
			s.w.QueryRow(`SELECT COUNT(*) FROM ` + t.name).Scan(&rows)
			if _, err := s.w.Exec(`DELETE FROM ` + t.name); err != nil {
				b.Fatal(err)
			}
			s.w.Exec(`PRAGMA incremental_vacuum`)
			after, _ := s.usedBytes(s.w)
			perRow[t.name] = float64(before-after) / float64(rows)
			before = after
		}
		series := float64(len(benchSnap(rng, "x", t0).Metrics()))
		const fleet = 50
		total := fleet * (perRow["raw"]*17280 + perRow["minute"]*43200 + perRow["ten_minute"]*4320)
		b.ReportMetric(perRow["raw"]/series, "B/raw-sample")
		b.ReportMetric(perRow["raw"], "B/raw-row")
		b.ReportMetric(perRow["minute"], "B/minute-row")
		b.ReportMetric(perRow["ten_minute"], "B/10min-row")
		b.ReportMetric(total/1e6, "MB/50hosts-30d")
	}
}
