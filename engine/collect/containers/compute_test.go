package containers

import (
	"math"
	"strings"
	"testing"
	"time"

	"lookout/entity"
)

func TestCPUPercent(t *testing.T) {
	tests := []struct {
		name     string
		pre, cur CPUStats
		want     float64
		ok       bool
	}{
		{"one core busy of two", CPUStats{Total: 0, System: 1000, Online: 2}, CPUStats{Total: 500, System: 2000, Online: 2}, 100, true},
		{"quarter of four", CPUStats{Total: 1500, System: 100000, Online: 4}, CPUStats{Total: 2000, System: 104000, Online: 4}, 50, true},
		{"idle", CPUStats{Total: 10, System: 1000, Online: 1}, CPUStats{Total: 10, System: 2000, Online: 1}, 0, true},
		{"no previous (one-shot precpu)", CPUStats{}, CPUStats{Total: 10, System: 2000, Online: 1}, 0, false},
		{"no time passed", CPUStats{Total: 1, System: 2000}, CPUStats{Total: 2, System: 2000}, 0, false},
		{"counter went back (restart)", CPUStats{Total: 900, System: 1000}, CPUStats{Total: 10, System: 2000, Online: 1}, 0, false},
		{"clock skew capped", CPUStats{Total: 0, System: 1000}, CPUStats{Total: 5000, System: 2000, Online: 2}, 200, true},
		{"online unknown counts one", CPUStats{Total: 0, System: 1000}, CPUStats{Total: 500, System: 2000}, 50, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := CPUPercent(tt.pre, tt.cur)
			if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("CPUPercent = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestMemUsed(t *testing.T) {
	tests := []struct {
		name string
		s    Stats
		want uint64
	}{
		{"cache subtracted", Stats{MemUsage: 1000, MemInactiveFile: 300, HasInactive: true}, 700},
		{"no cache figure", Stats{MemUsage: 1000}, 1000},
		{"cache above usage ignored", Stats{MemUsage: 100, MemInactiveFile: 300, HasInactive: true}, 100},
	}
	for _, tt := range tests {
		if got := MemUsed(tt.s); got != tt.want {
			t.Errorf("%s: MemUsed = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestBuild(t *testing.T) {
	id := strings.Repeat("d", 64)
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	sum := Summary{ID: id, Name: "web", Image: "nginx", State: "running", Status: "Up 1 minute"}
	st1 := Stats{ID: id, Read: t0, CPU: CPUStats{Total: 1e9, System: 100e9, Online: 2}, MemUsage: 2000, MemLimit: 10000,
		MemInactiveFile: 1000, HasInactive: true, Rx: 100, Tx: 50, HasNet: true}
	st2 := st1
	st2.Read, st2.CPU = t0.Add(2*time.Second), CPUStats{Total: 2e9, System: 104e9, Online: 2}
	st2.Rx, st2.Tx = 2100, 1050

	c1, r1 := Build("docker", sum, &Inspect{ID: id, State: "running", Restarts: 3}, &st1, nil)
	if !c1.RatesUnknown || c1.CPUPercent != 0 || c1.Restarts != 3 || c1.MemUsedBytes != 1000 || c1.MemPercent != 10 || r1 == nil {
		t.Errorf("first poll = %+v", c1)
	}
	c2, _ := Build("docker", sum, &Inspect{ID: id, State: "running", Restarts: 3}, &st2, r1)
	if c2.RatesUnknown || c2.CPUPercent != 50 || c2.NetRxBytesPerS != 1000 || c2.NetTxBytesPerS != 500 {
		t.Errorf("second poll = %+v", c2)
	}
	// Stopped between list and inspect: the inspect's state wins, no figures.
	c3, r3 := Build("docker", sum, &Inspect{ID: id, State: "exited", ExitCode: 137}, &st2, r1)
	if c3.State != entity.ContainerExited || c3.ExitCode != 137 || c3.MemUsedBytes != 0 || r3 != nil {
		t.Errorf("stopped = %+v, reading %v", c3, r3)
	}
	// An engine that ignores one-shot: its precpu_stats give the rate at once.
	st4 := st2
	st4.PreCPU, st4.HasNet = st1.CPU, false
	c4, _ := Build("docker", sum, nil, &st4, nil)
	if c4.RatesUnknown || c4.CPUPercent != 50 {
		t.Errorf("precpu = %+v", c4)
	}
	// Network counters that went back (container recreated its interface).
	st5 := st2
	st5.Read, st5.Rx = t0.Add(4*time.Second), 10
	c5, _ := Build("docker", sum, nil, &st5, &Reading{CPU: st2.CPU, Rx: st2.Rx, Tx: st2.Tx, HasNet: true, Read: st2.Read})
	if !c5.RatesUnknown || c5.NetRxBytesPerS != 0 {
		t.Errorf("reset = %+v", c5)
	}
}
