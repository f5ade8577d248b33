package engine

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"lookout/entity"
)

func saneSnapshot() entity.Snapshot {
	return entity.Snapshot{Host: "h", Time: time.Unix(1e9, 0),
		CPU:   entity.CPUStat{Percent: 50, User: 30, System: 20, PerCore: []float64{40, 60}, Cores: 2},
		Load:  entity.LoadStat{Load1: 1},
		Mem:   entity.MemStat{TotalBytes: 100, AvailableBytes: 40, UsedBytes: 60, Percent: 60},
		Swap:  entity.SwapStat{TotalBytes: 10, UsedBytes: 1, Percent: 10},
		Disks: []entity.DiskStat{{Mount: "/", TotalBytes: 100, UsedBytes: 50, FreeBytes: 50, Percent: 50}},
		Net:   []entity.NetStat{{Iface: "eth0", RxBytesPerS: 10}},
		Temps: []entity.TempStat{{Sensor: "cpu", Celsius: 55}},
		Procs: entity.ProcStats{Total: 10, TopCPU: []entity.ProcStat{{PID: 1, Name: "init", CPUPercent: 150, MemPercent: 1}}},
	}
}

func TestSanitizeRefusesImpossibleValues(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*entity.Snapshot)
		field string // "" : accepted
	}{
		{"sane", func(*entity.Snapshot) {}, ""},
		{"rounding above 100", func(s *entity.Snapshot) { s.Mem.Percent = 100.2 }, ""},
		{"nan cpu", func(s *entity.Snapshot) { s.CPU.Percent = math.NaN() }, "cpu.percent"},
		{"inf load", func(s *entity.Snapshot) { s.Load.Load5 = math.Inf(1) }, "load.load5"},
		{"nan core", func(s *entity.Snapshot) { s.CPU.PerCore[1] = math.NaN() }, "cpu.per_core[1]"},
		{"30000 cores", func(s *entity.Snapshot) { s.CPU.Cores = 30000 }, "cpu.cores"},
		{"disk 900 %", func(s *entity.Snapshot) { s.Disks[0].Percent = 900 }, "disks[/].percent"},
		{"memory 150 %", func(s *entity.Snapshot) { s.Mem.Percent = 150 }, "mem.percent"},
		{"used above total", func(s *entity.Snapshot) { s.Mem.UsedBytes = 1000 }, "mem: used"},
		{"disk used above total", func(s *entity.Snapshot) { s.Disks[0].UsedBytes = 1000 }, "disks[/]: used"},
		{"negative rate", func(s *entity.Snapshot) { s.Net[0].TxBytesPerS = -1 }, "net[eth0].tx_bytes_per_s"},
		{"nan temperature", func(s *entity.Snapshot) { s.Temps[0].Celsius = math.NaN() }, "temps[cpu].celsius"},
		{"process above all cores", func(s *entity.Snapshot) { s.Procs.TopCPU[0].CPUPercent = 5000 }, "procs.top_cpu[1].cpu_percent"},
		{"negative count", func(s *entity.Snapshot) { s.Procs.Counts = map[string]int{"nginx": -3} }, "procs.counts[nginx]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := saneSnapshot()
			tt.edit(&s)
			err := Sanitize(&s)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if _, err := json.Marshal(s); err != nil {
					t.Errorf("accepted snapshot is not JSON: %v", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrInvalidSnapshot) || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %v, want one naming %q", err, tt.field)
			}
		})
	}
}

func TestSanitizeBoundsSize(t *testing.T) {
	s := saneSnapshot()
	long := strings.Repeat("é", 400) // 800 bytes
	for i := range 2000 {
		s.Disks = append(s.Disks, entity.DiskStat{Mount: "/m" + itoa(i), TotalBytes: 1})
		s.Net = append(s.Net, entity.NetStat{Iface: "e" + itoa(i)})
	}
	s.Procs.TopCPU[0].Name = long
	s.Procs.Counts = map[string]int{}
	for i := range 500 {
		s.Procs.Counts["k"+itoa(i)] = 1
	}
	if err := Sanitize(&s); err != nil {
		t.Fatal(err)
	}
	if len(s.Disks) != MaxDisks || len(s.Net) != MaxIfaces || len(s.Procs.Counts) != MaxNames {
		t.Errorf("kept %d disks, %d interfaces, %d counts", len(s.Disks), len(s.Net), len(s.Procs.Counts))
	}
	if n := s.Procs.TopCPU[0].Name; len(n) > MaxStringLen || !strings.HasPrefix(long, n) {
		t.Errorf("process name of %d bytes kept as %d bytes", len(long), len(n))
	}
	if lim := s.Errors["limits"]; !strings.Contains(lim, "disks: 2001, only the first 512 kept") || !strings.Contains(lim, "names longer") {
		t.Errorf("Errors[limits] = %q", lim)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
