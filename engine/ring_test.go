package engine

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"lookout/entity"
)

func snapAt(host string, t time.Time, cpu float64) entity.Snapshot {
	return entity.Snapshot{Host: host, Time: t, CPU: entity.CPUStat{Percent: cpu, Cores: 1}, Mem: entity.MemStat{TotalBytes: 1, Percent: cpu / 2}}
}

func TestRingRangeAndWrap(t *testing.T) {
	r := NewRing(5)
	t0 := time.Unix(1_700_000_000, 0)
	for i := 0; i < 8; i++ {
		if err := r.Append(snapAt("a", t0.Add(time.Duration(i)*time.Second), float64(i))); err != nil {
			t.Fatal(err)
		}
	}
	pts, err := r.Range("a", entity.MetricCPU, t0, t0.Add(time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 5 || pts[0].V != 3 || pts[4].V != 7 {
		t.Fatalf("got %v, want the last five values 3..7", pts)
	}
	pts, _ = r.Range("a", entity.MetricCPU, t0.Add(4*time.Second), t0.Add(5*time.Second), 0)
	if len(pts) != 2 || pts[0].V != 4 {
		t.Errorf("window: %v", pts)
	}
	if _, err := r.Range("nobody", entity.MetricCPU, t0, t0, 0); err != ErrUnknownHost {
		t.Errorf("unknown host: %v", err)
	}
	if s, ok := r.Latest("a"); !ok || s.CPU.Percent != 7 {
		t.Errorf("latest %v %v", s.CPU.Percent, ok)
	}
}

func TestRingGap(t *testing.T) {
	r := NewRing(10)
	t0 := time.Unix(1_700_000_000, 0)
	r.Append(snapAt("a", t0, 10))
	r.AppendGap("a", t0.Add(time.Second))
	r.Append(snapAt("a", t0.Add(2*time.Second), 20))
	pts, _ := r.Range("a", entity.MetricCPU, t0, t0.Add(time.Minute), 0)
	if len(pts) != 3 || !math.IsNaN(pts[1].V) {
		t.Fatalf("gap not recorded: %v", pts)
	}
}

// TestDownsampleKeepsExtremes checks that every bucket's minimum and
// maximum survive downsampling, on random series.
func TestDownsampleKeepsExtremes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 50; trial++ {
		n := 100 + rng.IntN(5000)
		pts := make([]entity.Point, n)
		for i := range pts {
			pts[i] = entity.Point{T: time.Unix(int64(i), 0), V: rng.Float64() * 100}
		}
		maxPoints := 10 + rng.IntN(300)
		out := Downsample(pts, maxPoints)
		if len(out) > maxPoints {
			t.Fatalf("n=%d max=%d: got %d points", n, maxPoints, len(out))
		}
		gmin, gmax := math.Inf(1), math.Inf(-1)
		for _, p := range pts {
			gmin, gmax = math.Min(gmin, p.V), math.Max(gmax, p.V)
		}
		omin, omax := math.Inf(1), math.Inf(-1)
		for i, p := range out {
			omin, omax = math.Min(omin, p.V), math.Max(omax, p.V)
			if i > 0 && !out[i-1].T.Before(p.T) {
				t.Fatalf("out of time order at %d", i)
			}
		}
		if omin != gmin || omax != gmax {
			t.Fatalf("extremes lost: got [%v,%v], want [%v,%v]", omin, omax, gmin, gmax)
		}
	}
}

func TestDownsampleKeepsGaps(t *testing.T) {
	pts := make([]entity.Point, 1000)
	for i := range pts {
		pts[i] = entity.Point{T: time.Unix(int64(i), 0), V: 50}
	}
	pts[500].V = math.NaN()
	out := Downsample(pts, 30)
	gaps := 0
	for _, p := range out {
		if math.IsNaN(p.V) {
			gaps++
		}
	}
	if gaps != 1 || len(out) > 30 {
		t.Errorf("got %d gaps in %d points", gaps, len(out))
	}
}

func TestSnapshotValue(t *testing.T) {
	s := entity.Snapshot{
		CPU:   entity.CPUStat{Percent: 12, PerCore: []float64{5, 19}, Cores: 2},
		Load:  entity.LoadStat{Load1: 3},
		Mem:   entity.MemStat{TotalBytes: 10, Percent: 40},
		Disks: []entity.DiskStat{{Mount: "/", Percent: 50}, {Mount: "/data", Percent: 91}},
		Net:   []entity.NetStat{{Iface: "eth0", RxBytesPerS: 100, TxBytesPerS: 5}, {Iface: "eth1", RxBytesPerS: 1}},
		Temps: []entity.TempStat{{Sensor: "cpu", Celsius: 60}, {Sensor: "nvme", Celsius: 45}},
	}
	tests := []struct {
		name   string
		metric entity.Metric
		want   float64
		ok     bool
	}{
		{"cpu", "cpu", 12, true},
		{"core", "cpu_core:1", 19, true},
		{"no such core", "cpu_core:7", 0, false},
		{"mount", "disk:/data", 91, true},
		{"fullest", "disk_max", 91, true},
		{"load per core", "load_per_core", 1.5, true},
		{"net total", "net_rx", 101, true},
		{"iface", "net_tx:eth0", 5, true},
		{"temp max", "temp_max", 60, true},
		{"unknown", "bogus", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.Value(tt.metric)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Value(%q) = %v, %v; want %v, %v", tt.metric, got, ok, tt.want, tt.ok)
			}
		})
	}
	for _, m := range s.Metrics() {
		if _, ok := s.Value(m); !ok {
			t.Errorf("Metrics lists %q but Value has none", m)
		}
	}
}

func TestGrades(t *testing.T) {
	g := entity.DefaultGrades
	for _, tt := range []struct {
		v    float64
		want entity.Level
	}{{0, entity.LevelLow}, {30, entity.LevelLow}, {30.1, entity.LevelMid}, {79.9, entity.LevelMid}, {80, entity.LevelHigh}, {100, entity.LevelHigh}} {
		if got := g.Grade(tt.v); got != tt.want {
			t.Errorf("Grade(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func BenchmarkRingAppend(b *testing.B) {
	r := NewRing(2160)
	s := snapAt("a", time.Now(), 50)
	s.Disks = []entity.DiskStat{{Mount: "/", Percent: 10}}
	s.CPU.PerCore = make([]float64, 8)
	s.Net = []entity.NetStat{{Iface: "eth0"}}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Time = s.Time.Add(time.Second)
		r.Append(s)
	}
}

// BenchmarkRingAppendManySeries appends snapshots of a host with 1024
// cores, 256 filesystems and 256 interfaces: the cost per series must stay
// flat (it grew with the square of the series count when Append looked
// every series up with Value).
func BenchmarkRingAppendManySeries(b *testing.B) {
	for _, n := range []int{64, 1024} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			r := NewRing(64)
			s := manySeries(n)
			series := len(s.Metrics())
			b.ReportAllocs()
			for b.Loop() {
				s.Time = s.Time.Add(time.Second)
				r.Append(s)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(series), "ns/series")
		})
	}
}

// manySeries is a snapshot with n cores, n/4 filesystems and n/4
// interfaces.
func manySeries(n int) entity.Snapshot {
	s := snapAt("big", time.Unix(1e9, 0), 50)
	s.CPU.PerCore = make([]float64, n)
	s.CPU.Cores = n
	for i := range n / 4 {
		s.Disks = append(s.Disks, entity.DiskStat{Mount: "/m" + strconv.Itoa(i), TotalBytes: 10, UsedBytes: 1, Percent: 10})
		s.Net = append(s.Net, entity.NetStat{Iface: "eth" + strconv.Itoa(i)})
	}
	return s
}

// TestEachMatchesValue: Each yields exactly the series of Metrics that
// have a value, with Value's value, in Metrics' order.
func TestEachMatchesValue(t *testing.T) {
	base := manySeries(8)
	base.Temps = []entity.TempStat{{Sensor: "cpu", Celsius: 50}, {Sensor: "cpu", Celsius: 70}}
	base.Disks = append(base.Disks, entity.DiskStat{Mount: "/m0", Percent: 99}) // listed twice
	pending := base
	pending.RatesUnknown = true
	for _, tt := range []struct {
		name string
		s    entity.Snapshot
	}{{"rates known", base}, {"rates unknown", pending}} {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for _, m := range tt.s.Metrics() {
				if v, ok := tt.s.Value(m); ok && !slicesContains(want, m) {
					want = append(want, m+"="+strconv.FormatFloat(v, 'g', -1, 64))
				}
			}
			var got []string
			tt.s.Each(func(m entity.Metric, v float64) { got = append(got, m+"="+strconv.FormatFloat(v, 'g', -1, 64)) })
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("Each:\n%v\nMetrics+Value:\n%v", got, want)
			}
		})
	}
}

func slicesContains(s []string, m string) bool {
	for _, x := range s {
		if strings.HasPrefix(x, m+"=") {
			return true
		}
	}
	return false
}

// TestRatesUnknownLeavesAGap: the first reading of a host (no previous
// counters) has no CPU, per-core, disk or network rate: Value says so and
// the ring records nothing for those series, while memory and load are
// kept.
func TestRatesUnknownLeavesAGap(t *testing.T) {
	t0 := time.Unix(1e9, 0)
	first := entity.Snapshot{Host: "h", Time: t0, RatesUnknown: true, CPU: entity.CPUStat{PerCore: []float64{0, 0}, Cores: 2},
		Mem: entity.MemStat{TotalBytes: 10, Percent: 40}, Load: entity.LoadStat{Load1: 1},
		Net: []entity.NetStat{{Iface: "eth0"}}, Disks: []entity.DiskStat{{Mount: "/", Percent: 30}}}
	second := first
	second.Time, second.RatesUnknown = t0.Add(time.Second), false
	second.CPU = entity.CPUStat{Percent: 70, PerCore: []float64{60, 80}, Cores: 2}
	for _, m := range []entity.Metric{"cpu", "cpu_user", "cpu_system", "cpu_iowait", "cpu_steal", "cpu_core:0", "net_rx", "net_tx", "net_rx:eth0", "disk_read", "disk_write"} {
		if v, ok := first.Value(m); ok {
			t.Errorf("first reading: Value(%q) = %v, ok; want no value", m, v)
		}
	}
	r := NewRing(10)
	r.Append(first)
	r.Append(second)
	tests := []struct {
		name   string
		metric entity.Metric
		want   int
	}{
		{"cpu", "cpu", 1}, {"core", "cpu_core:1", 1}, {"net", "net_rx", 1}, {"iface", "net_tx:eth0", 1},
		{"disk io", "disk_write", 1}, {"mem", "mem", 2}, {"load", "load1", 2}, {"disk", "disk:/", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pts, err := r.Range("h", tt.metric, t0, t0.Add(time.Minute), 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(pts) != tt.want {
				t.Errorf("%s: %d points %v, want %d", tt.metric, len(pts), pts, tt.want)
			}
			for _, p := range pts {
				if entity.RateMetric(tt.metric) && p.T.Equal(t0) {
					t.Errorf("%s: the first reading was stored as %v", tt.metric, p.V)
				}
			}
		})
	}
}

// TestRingKeepsTheLastCapacity: across block boundaries and many wraps,
// Range returns exactly the last capacity samples, oldest first.
func TestRingKeepsTheLastCapacity(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	for _, tt := range []struct{ capacity, appends int }{
		{2, 5}, {5, 3}, {127, 1000}, {128, 1000}, {129, 1000}, {300, 1000}, {1000, 999}, {4321, 10_000},
	} {
		t.Run(strconv.Itoa(tt.capacity)+"/"+strconv.Itoa(tt.appends), func(t *testing.T) {
			r := NewRing(tt.capacity)
			for i := range tt.appends {
				r.Append(snapAt("a", t0.Add(time.Duration(i)*time.Second), float64(i)))
			}
			pts, _ := r.Range("a", entity.MetricCPU, t0, t0.Add(time.Duration(tt.appends)*time.Second), 0)
			want := min(tt.capacity, tt.appends)
			if len(pts) != want {
				t.Fatalf("%d points, want %d", len(pts), want)
			}
			for i, p := range pts {
				if w := float64(tt.appends - want + i); p.V != w {
					t.Fatalf("point %d = %v, want %v", i, p.V, w)
				}
			}
			s := r.hosts["a"].series[entity.MetricCPU]
			if maxBlocks := (want+blockLen-1)/blockLen + 2; len(s.blocks) > maxBlocks {
				t.Errorf("%d blocks for %d samples, want at most %d", len(s.blocks), want, maxBlocks)
			}
		})
	}
}

// TestRingMemoryGrowsWithSamples: a ring sized for 6 hours at 5 s holds a
// block per series after a minute, not 6 hours' worth (it reserved 4,321
// samples per series up front: 1.58 GB of heap at 1,000 hosts).
func TestRingMemoryGrowsWithSamples(t *testing.T) {
	r := NewRing(RingCapacity(6*time.Hour, 5*time.Second))
	t0 := time.Unix(1_700_000_000, 0)
	for i := range 12 {
		r.Append(snapAt("a", t0.Add(time.Duration(i)*5*time.Second), float64(i)))
	}
	for m, s := range r.hosts["a"].series {
		if len(s.blocks) != 1 {
			t.Errorf("%s: %d blocks after 12 samples, want 1", m, len(s.blocks))
		}
	}
}

// BenchmarkRingMemory is the heap a ring sized for 6 hours at 5 s holds
// for 1,000 hosts of 34 series after a minute of polls (12 samples per
// series) and after an hour.
func BenchmarkRingMemory(b *testing.B) {
	for _, tt := range []struct {
		name  string
		span  time.Duration // the ring's reach
		ticks int
	}{
		{"1000hosts-60s", 6 * time.Hour, 12}, {"1000hosts-1h", 6 * time.Hour, 720}, {"1000hosts-6h-full", 6 * time.Hour, 4321},
		// With the history on, lookoutd's ring keeps 15 minutes
		// (runtime.RingWindow): full after 15 minutes, the same after an hour.
		{"1000hosts-15m-ring-1h", 15 * time.Minute, 720},
	} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				r := NewRing(RingCapacity(tt.span, 5*time.Second))
				s := manySeries(8)
				s.Disks, s.Net = s.Disks[:2], s.Net[:1]
				s.Temps = []entity.TempStat{{Sensor: "cpu", Celsius: 50}}
				hosts := make([]string, 1000)
				for i := range hosts {
					hosts[i] = "host-" + strconv.Itoa(i)
				}
				for i := range tt.ticks {
					s.Time = time.Unix(1e9, 0).Add(time.Duration(i) * 5 * time.Second)
					for _, h := range hosts {
						s.Host = h
						r.Append(s)
					}
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "MB-heap")
				b.ReportMetric(float64(len(s.Metrics())), "series/host")
				runtime.KeepAlive(r)
			}
		})
	}
}

// TestRingTimesFarApart: a block keeps times as offsets from its first
// sample; samples weeks apart, or before it (the clock set back), keep
// their exact times.
func TestRingTimesFarApart(t *testing.T) {
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		offsets []time.Duration
	}{
		{"seconds apart", []time.Duration{0, time.Second, 2 * time.Second}},
		{"weeks apart", []time.Duration{0, time.Second, 30 * 24 * time.Hour, 60 * 24 * time.Hour, 60*24*time.Hour + time.Millisecond}},
		{"clock set back a month", []time.Duration{0, time.Second, -30 * 24 * time.Hour, -30*24*time.Hour + time.Second}},
		{"past a block", func() []time.Duration {
			var ds []time.Duration
			for i := range 3 * blockLen {
				ds = append(ds, time.Duration(i)*10*24*time.Hour) // 10 days apart
			}
			return ds
		}()},
	} {
		r := NewRing(1000)
		for i, d := range tc.offsets {
			r.Append(entity.Snapshot{Host: "h", Time: base.Add(d), CPU: entity.CPUStat{Percent: float64(i)}})
		}
		pts, err := r.Range("h", "cpu", base.Add(-365*24*time.Hour), base.Add(3*365*24*time.Hour), 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []time.Duration
		for _, p := range pts {
			got = append(got, p.T.Sub(base))
		}
		// Range keeps the order of arrival.
		if !slices.Equal(got, tc.offsets) {
			t.Errorf("%s: times %v, want %v", tc.name, got, tc.offsets)
		}
	}
}
