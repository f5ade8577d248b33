package entity

import (
	"slices"
	"testing"
)

// A snapshot from a system without a load average (Windows) carries no
// load series: no value, nothing appended to the ring or the history, no
// rule evaluated on a zero that was never measured.
func TestLoadAbsent(t *testing.T) {
	tests := []struct {
		name string
		load LoadStat
		want bool
	}{
		{"measured", LoadStat{Load1: 0.5, Load5: 0.4, Load15: 0.3}, true},
		{"measured zero", LoadStat{}, true},
		{"absent", LoadStat{Absent: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Snapshot{Host: "pc", CPU: CPUStat{Cores: 4}, Load: tt.load, Mem: MemStat{TotalBytes: 1, Percent: 50}}
			for _, m := range []Metric{"load1", "load5", "load15", "load_per_core"} {
				if _, ok := s.Value(m); ok != tt.want {
					t.Errorf("Value(%s) ok = %v, want %v", m, ok, tt.want)
				}
			}
			var each []Metric
			s.Each(func(m Metric, _ float64) { each = append(each, m) })
			if got := slices.Contains(each, "load1"); got != tt.want {
				t.Errorf("Each has load1 = %v, want %v (%v)", got, tt.want, each)
			}
			if _, ok := s.Value("mem"); !ok {
				t.Error("the other series are still there")
			}
		})
	}
}
