package history

import (
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
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

// fleetHost is a host whose figures move as a server's do: each series
// wanders around its own level (a mean-reverting random walk) with
// occasional bursts, disks fill slowly, totals and counts move in steps.
// benchSnap's independent noise at every sample is the worst case for
// any compression; this is the usual one.
type fleetHost struct {
	rng   *rand.Rand
	name  string
	level [8]float64
	cpu   []float64
	disk  [3]float64
	mem   float64
	rx    [2]float64
	procs int
	temp  float64
}

func newFleetHost(seed uint64, name string) *fleetHost {
	rng := rand.New(rand.NewPCG(seed, 7))
	h := &fleetHost{rng: rng, name: name, cpu: make([]float64, 8), mem: 30 + rng.Float64()*40,
		procs: 200 + rng.IntN(200), temp: 40 + float64(rng.IntN(20))}
	for i := range h.level {
		h.level[i] = 5 + rng.Float64()*40
	}
	for i := range h.disk {
		h.disk[i] = 10 + rng.Float64()*80
	}
	h.rx = [2]float64{1e5 + rng.Float64()*1e6, 1e3 + rng.Float64()*1e4}
	return h
}

// walk moves v toward level by a fraction, plus noise of sd, within [lo, hi].
func walk(rng *rand.Rand, v, level, sd, lo, hi float64) float64 {
	v += (level-v)*0.1 + rng.NormFloat64()*sd
	return math.Min(math.Max(v, lo), hi)
}

func (h *fleetHost) snap(at time.Time) entity.Snapshot {
	rng := h.rng
	burst := 0.0
	if rng.IntN(200) == 0 {
		burst = 40
	}
	var sum float64
	for i := range h.cpu {
		h.cpu[i] = walk(rng, h.cpu[i], h.level[i]+burst, 2, 0, 100)
		sum += h.cpu[i]
	}
	cpu := sum / 8
	h.mem = walk(rng, h.mem, h.mem, 0.05, 1, 99)
	for i := range h.disk {
		if rng.IntN(50) == 0 {
			h.disk[i] = math.Min(h.disk[i]+0.01, 99)
		}
	}
	for i := range h.rx {
		h.rx[i] = walk(rng, h.rx[i], h.rx[i], h.rx[i]*0.05, 0, 1e9)
	}
	if rng.IntN(10) == 0 {
		h.procs += rng.IntN(5) - 2
	}
	if rng.IntN(20) == 0 {
		h.temp += float64(rng.IntN(3) - 1)
	}
	load := math.Round(cpu*8) / 100 // /proc/loadavg has two decimals
	s := entity.Snapshot{
		Host: h.name, Time: at,
		CPU:  entity.CPUStat{Percent: cpu, User: cpu * 0.7, System: cpu * 0.25, IOWait: math.Round(rng.Float64()*20) / 100, Cores: 8, PerCore: slices.Clone(h.cpu)},
		Load: entity.LoadStat{Load1: load, Load5: math.Round(load*90) / 100, Load15: math.Round(load*80) / 100},
		Mem:  entity.MemStat{TotalBytes: 32 << 30, Percent: h.mem},
		Swap: entity.SwapStat{TotalBytes: 4 << 30, Percent: 0.4},
		Disks: []entity.DiskStat{{Mount: "/", Percent: h.disk[0]}, {Mount: "/var", Percent: h.disk[1]},
			{Mount: "/home", Percent: h.disk[2]}},
		DiskIO: entity.DiskIOStat{ReadBytesPerS: h.rx[1] * 10, WriteBytesPerS: h.rx[0] / 3},
		Net: []entity.NetStat{{Iface: "eth0", RxBytesPerS: h.rx[0], TxBytesPerS: h.rx[0] / 4},
			{Iface: "eth1", RxBytesPerS: h.rx[1], TxBytesPerS: h.rx[1] / 2}},
		Temps: []entity.TempStat{{Sensor: "coretemp", Celsius: h.temp}},
		Procs: entity.ProcStats{Total: h.procs},
	}
	return s
}

// snapFunc makes host i's snapshot at a time.
type snapFunc func(i int, at time.Time) entity.Snapshot

func fleetData(kind string, hosts int) snapFunc {
	if kind == "noise" {
		rng := rand.New(rand.NewPCG(3, 3))
		return func(i int, at time.Time) entity.Snapshot { return benchSnap(rng, fmt.Sprintf("host-%04d", i), at) }
	}
	fleet := make([]*fleetHost, hosts)
	for i := range fleet {
		fleet[i] = newFleetHost(uint64(i), fmt.Sprintf("host-%04d", i))
	}
	return func(i int, at time.Time) entity.Snapshot { return fleet[i].snap(at) }
}

// BenchmarkDiskSize fills 48 hours of 2 hosts at 10 s (raw, minute and
// ten-minute tiers), measures each tier's bytes per tick by deleting the
// tiers one by one, and extrapolates to 500 hosts over 30 days at 10 s:
// 48 h of raw ticks, 30 days of minute ticks and 30 days of ten-minute
// ticks. "walk" is a fleet whose figures move as servers' do, "noise"
// independent random values at every sample (the worst case).
func BenchmarkDiskSize(b *testing.B) {
	for _, kind := range []string{"walk", "noise"} {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				const hosts, ticks = 2, 2 * 8640
				data := fleetData(kind, hosts)
				end := t0.Add(ticks * 10 * time.Second)
				s := open(b, Options{Now: func() time.Time { return end }, MaxSize: -1})
				for i := range ticks {
					for h := range hosts {
						if err := s.Append(data(h, t0.Add(time.Duration(i)*10*time.Second))); err != nil {
							b.Fatal(err)
						}
					}
				}
				// Close the open hour, so every tick is in a chunk row.
				s.Flush()
				s.mu.Lock()
				err := s.tx(func(tx *sql.Tx) error {
					for _, h := range s.hosts {
						if err := s.closeHost(tx, h, -1); err != nil {
							return err
						}
					}
					return s.writePending(tx)
				})
				s.mu.Unlock()
				if err != nil {
					b.Fatal(err)
				}
				perTick := map[string]float64{}
				before, _ := s.usedBytes(s.w)
				for _, t := range tiers {
					var n int64
					s.w.QueryRow(`SELECT SUM(n) FROM ` + t.name + `_chunk`).Scan(&n)
					if _, err := s.w.Exec(`DELETE FROM ` + t.name + `_chunk`); err != nil {
						b.Fatal(err)
					}
					s.w.Exec(`PRAGMA incremental_vacuum`)
					after, _ := s.usedBytes(s.w)
					perTick[t.name] = float64(before-after) / float64(n)
					before = after
				}
				series := float64(len(data(0, t0).Metrics()))
				const fleet = 500
				total := fleet * (perTick["raw"]*17280 + perTick["minute"]*43200 + perTick["ten_minute"]*4320)
				b.ReportMetric(perTick["raw"]/series, "B/raw-sample")
				b.ReportMetric(perTick["minute"]/series/2, "B/minute-value")
				b.ReportMetric(perTick["ten_minute"]/series/2, "B/10min-value")
				b.ReportMetric(total/1e6, "MB/500hosts-30d")
				// The same with minute_retention = 168h (ten-minute ticks draw
				// a 30-day chart).
				week := fleet * (perTick["raw"]*17280 + perTick["minute"]*10080 + perTick["ten_minute"]*4320)
				b.ReportMetric(week/1e6, "MB/500hosts-30d-minute7d")
			}
		})
	}
}
