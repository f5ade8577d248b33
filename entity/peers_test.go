package entity

import "testing"

func TestUnitStat(t *testing.T) {
	tests := []struct {
		u                     UnitStat
		active, failed, found bool
	}{
		{UnitStat{LoadState: "loaded", ActiveState: "active"}, true, false, true},
		{UnitStat{LoadState: "loaded", ActiveState: "reloading"}, true, false, true},
		{UnitStat{LoadState: "loaded", ActiveState: "failed"}, false, true, true},
		{UnitStat{LoadState: "loaded", ActiveState: "activating", SubState: "auto-restart"}, false, false, true},
		{UnitStat{LoadState: "not-found", ActiveState: "inactive"}, false, false, false},
		{UnitStat{LoadState: "masked", ActiveState: "inactive"}, false, false, true},
	}
	for _, tt := range tests {
		if tt.u.Active() != tt.active || tt.u.Failed() != tt.failed || tt.u.Found() != tt.found {
			t.Errorf("%+v: Active %v Failed %v Found %v", tt.u, tt.u.Active(), tt.u.Failed(), tt.u.Found())
		}
	}
}

func TestGPUMemPercent(t *testing.T) {
	u := func(v uint64) *uint64 { return &v }
	tests := []struct {
		g    GPUStat
		want float64
		ok   bool
	}{
		{GPUStat{MemUsedBytes: u(1), MemTotalBytes: u(4)}, 25, true},
		{GPUStat{MemUsedBytes: u(1)}, 0, false},
		{GPUStat{MemUsedBytes: u(1), MemTotalBytes: u(0)}, 0, false},
	}
	for _, tt := range tests {
		if got, ok := tt.g.MemPercent(); got != tt.want || ok != tt.ok {
			t.Errorf("MemPercent = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
		}
	}
	if !(ContainerStat{State: ContainerRunning}).Running() || (ContainerStat{State: ContainerPaused}).Running() {
		t.Error("Running")
	}
}
