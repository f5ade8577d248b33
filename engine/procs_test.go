package engine

import (
	"reflect"
	"testing"

	"lookout/entity"
)

// TestSummarizeProcsOrder: the top tables are by CPU (then memory) and by
// memory, largest first, ties kept in the input's order; counts and
// missing names as configured.
func TestSummarizeProcsOrder(t *testing.T) {
	procs := []entity.ProcStat{
		{PID: 1, Name: "init", CPUPercent: 0, RSSBytes: 10},
		{PID: 2, Name: "python3", CPUPercent: 50, RSSBytes: 300},
		{PID: 3, Name: "nginx", CPUPercent: 50, RSSBytes: 500},
		{PID: 4, Name: "python", CPUPercent: 5, RSSBytes: 500},
		{PID: 5, Name: "bash", CPUPercent: 0, RSSBytes: 10},
	}
	got := SummarizeProcs(procs, 4, []string{"python"}, []string{"nginx", "postgres"})
	pids := func(ps []entity.ProcStat) (out []int32) {
		for _, p := range ps {
			out = append(out, p.PID)
		}
		return out
	}
	if want := []int32{3, 2, 4, 1}; !reflect.DeepEqual(pids(got.TopCPU), want) {
		t.Errorf("by CPU %v, want %v", pids(got.TopCPU), want)
	}
	if want := []int32{3, 4, 2, 1}; !reflect.DeepEqual(pids(got.TopMem), want) {
		t.Errorf("by memory %v, want %v", pids(got.TopMem), want)
	}
	if got.Total != 5 || got.Counts["python"] != 2 || !reflect.DeepEqual(got.Missing, []string{"postgres"}) {
		t.Errorf("total %d, counts %v, missing %v", got.Total, got.Counts, got.Missing)
	}
}
