package runtime

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/history"
)

func TestRingSpan(t *testing.T) {
	for _, tc := range []struct {
		retention time.Duration
		history   bool
		want      time.Duration
	}{
		{6 * time.Hour, false, 6 * time.Hour},
		{6 * time.Hour, true, RingWindow},
		{5 * time.Minute, true, 5 * time.Minute},
		{time.Hour, false, time.Hour},
	} {
		cfg := config.Default()
		cfg.Retention = config.Duration(tc.retention)
		if got := RingSpan(cfg, tc.history); got != tc.want {
			t.Errorf("RingSpan(%s, history %v) = %s, want %s", tc.retention, tc.history, got, tc.want)
		}
	}
}

// TestMonitorRingShortWithHistory: with a history database the monitor's
// ring keeps RingWindow, not the whole retention; without one, retention.
func TestMonitorRingShortWithHistory(t *testing.T) {
	cfg := config.Default() // 6 h retention, 10 s interval
	st, err := history.Open(history.Options{Path: filepath.Join(t.TempDir(), "h.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Now().Add(-time.Hour)
	for _, tc := range []struct {
		name string
		disk engine.Store
		want time.Duration // the oldest point the ring still holds, back from the newest
	}{
		{"history", st, RingWindow},
		{"no history", nil, time.Hour},
	} {
		m := NewWithHistory(cfg, nil, tc.disk)
		for i := 0; i <= 360; i++ {
			m.Ring.Append(entity.Snapshot{Host: "h", Time: start.Add(time.Duration(i) * 10 * time.Second), CPU: entity.CPUStat{Percent: 1}})
		}
		pts, err := m.Ring.Range("h", "cpu", start.Add(-time.Minute), start.Add(2*time.Hour), 0)
		if err != nil || len(pts) == 0 {
			t.Fatalf("%s: %d points, %v", tc.name, len(pts), err)
		}
		if got := pts[len(pts)-1].T.Sub(pts[0].T); got != tc.want {
			t.Errorf("%s: the ring spans %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestTeeShortRingSamePoints: a Tee whose ring keeps RingWindow answers
// every chart span (inside the ring, across its oldest sample, on disk
// only) with the points the whole-retention ring gave, downsampled or not,
// gaps included. The fixture's values are multiples of 1/4 below 64, which
// the history keeps exactly.
func TestTeeShortRingSamePoints(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	const step = 5 * time.Second
	start := now.Add(-7 * time.Hour)
	st, err := history.Open(history.Options{Path: filepath.Join(t.TempDir(), "h.db"), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	long := engine.NewRing(engine.RingCapacity(6*time.Hour, step))
	tee := &Tee{Ring: engine.NewRing(engine.RingCapacity(RingWindow, step)), Disk: st, RingSpan: RingWindow, Now: func() time.Time { return now }}
	gaps := map[int]bool{100: true, 3000: true, 5030: true} // 5030: 8 min before now, in the ring
	n := int(now.Sub(start) / step)
	for i := 0; i <= n; i++ {
		at := start.Add(time.Duration(i) * step)
		if gaps[i] {
			long.AppendGap("h", at)
			tee.AppendGap("h", at)
			continue
		}
		s := entity.Snapshot{Host: "h", Time: at, CPU: entity.CPUStat{Percent: float64((i*37)%256) / 4},
			Load: entity.LoadStat{Load1: float64(i%23) / 4}}
		if err := long.Append(s); err != nil {
			t.Fatal(err)
		}
		if err := tee.Append(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name     string
		from, to time.Duration // back from now
		max      int
	}{
		{"sparkline 5m", 5 * time.Minute, 0, 60},
		{"5m raw", 5 * time.Minute, 0, 0},
		{"15m", RingWindow, 0, 0},
		{"across the ring's start", 30 * time.Minute, 10 * time.Minute, 0},
		{"1h", time.Hour, 0, 0},
		{"1h chart", time.Hour, 0, 600},
		{"6h", 6 * time.Hour, 0, 0},
		{"6h chart", 6 * time.Hour, 0, 900},
		{"disk only, old gap", 6*time.Hour - 10*time.Minute, 5 * time.Hour, 0},
	} {
		for _, m := range []entity.Metric{"cpu", "load1"} {
			from, to := now.Add(-tc.from), now.Add(-tc.to)
			want, err := long.Range("h", m, from, to, tc.max)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tee.Range("h", m, from, to, tc.max)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("%s %s: %d points, want %d", tc.name, m, len(got), len(want))
				continue
			}
			for i := range want {
				g, w := got[i], want[i]
				if !g.T.Equal(w.T) || g.V != w.V && !(math.IsNaN(g.V) && math.IsNaN(w.V)) {
					t.Errorf("%s %s: point %d is %v, want %v", tc.name, m, i, g, w)
					break
				}
			}
		}
	}
}

// BenchmarkTeeRange1h is a detail chart's read of one series over its 1 h
// period, 10 hosts' history at 1 s: from the whole-retention ring (before)
// and from the history, with the ring keeping RingWindow (now).
func BenchmarkTeeRange1h(b *testing.B) {
	now := time.Now()
	st, err := history.Open(history.Options{Path: filepath.Join(b.TempDir(), "h.db")})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	long := engine.NewRing(engine.RingCapacity(6*time.Hour, time.Second))
	tee := &Tee{Ring: engine.NewRing(engine.RingCapacity(RingWindow, time.Second)), Disk: st, RingSpan: RingWindow}
	for k := 2 * 3600; k >= 0; k-- {
		for h := range 10 {
			v := float64((k*7+h)%100) / 2
			s := entity.Snapshot{Host: "host-" + string(rune('a'+h)), Time: now.Add(-time.Duration(k) * time.Second),
				CPU: entity.CPUStat{Percent: v, PerCore: []float64{v, v, v, v}, Cores: 4}, Mem: entity.MemStat{Percent: v},
				Load: entity.LoadStat{Load1: v / 10}, Disks: []entity.DiskStat{{Mount: "/", Percent: v}, {Mount: "/home", Percent: v / 2}},
				Net: []entity.NetStat{{Iface: "eth0", RxBytesPerS: v * 1e3, TxBytesPerS: v}}}
			long.Append(s)
			tee.Append(s)
		}
	}
	for _, tc := range []struct {
		name  string
		store engine.Store
	}{{"ring-6h", long}, {"tee-15m-ring", tee}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				pts, err := tc.store.Range("host-a", "cpu", now.Add(-time.Hour), now, 900)
				if err != nil || len(pts) == 0 {
					b.Fatal(len(pts), err)
				}
			}
		})
	}
}
