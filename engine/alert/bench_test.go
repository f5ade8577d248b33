package alert

import (
	"context"
	"fmt"
	"testing"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
)

// BenchmarkEvaluate200Hosts measures one tick for 200 hosts that all
// polled since the last tick (the worst case: every rule of every host
// steps), with values below the thresholds as on a normal day.
func BenchmarkEvaluate200Hosts(b *testing.B) {
	const hosts = 200
	cfg := config.Default()
	for i := range hosts {
		cfg.Hosts = append(cfg.Hosts, config.Host{Name: fmt.Sprintf("host%03d", i)})
	}
	now := t0
	e, err := New(settingsOf(cfg), engine.NewRing(100), nil, Options{Dir: b.TempDir(), Clock: ClockFunc(func() time.Time { return now }), Log: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	snaps := make([]entity.Snapshot, hosts)
	for i := range snaps {
		snaps[i] = entity.Snapshot{Host: cfg.Hosts[i].Name,
			CPU: entity.CPUStat{Percent: 30, Cores: 8}, Load: entity.LoadStat{Load1: 2},
			Mem: entity.MemStat{TotalBytes: 16 << 30, Percent: 50}, Swap: entity.SwapStat{TotalBytes: 4 << 30, Percent: 5},
			Disks: []entity.DiskStat{{Mount: "/", Percent: 60}, {Mount: "/var", Percent: 40}, {Mount: "/data", Percent: 70}},
			Net:   []entity.NetStat{{Iface: "eth0", RxBytesPerS: 1e6, TxBytesPerS: 1e5}},
			Temps: []entity.TempStat{{Sensor: "cpu", Celsius: 55}},
			Procs: entity.ProcStats{Total: 300, TopCPU: make([]entity.ProcStat, 5), TopMem: make([]entity.ProcStat, 5)}}
	}
	observe := func() {
		now = now.Add(10 * time.Second)
		for i := range snaps {
			snaps[i].Time = now
			e.Observe(entity.HostStatus{Host: snaps[i].Host, State: entity.StateOK, LastPoll: now}, snaps[i], true)
		}
	}
	for range 5 { // fill the sample windows
		observe()
		e.Evaluate(context.Background(), now)
	}
	ctx := context.Background()
	b.Run("evaluate", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			observe()
			b.StartTimer()
			e.Evaluate(ctx, now)
		}
	})
	b.Run("observe", func(b *testing.B) {
		for b.Loop() {
			observe()
		}
	})
	b.Run("observe+evaluate", func(b *testing.B) {
		for b.Loop() {
			observe()
			e.Evaluate(ctx, now)
		}
	})
}
