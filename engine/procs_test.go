package engine

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
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

// TestSummarizeProcsMatchesStableSort: the top tables are the first n of
// a stable sort (by CPU then memory, and by memory), for random process
// lists with many ties and every n from 0 past the list's length.
func TestSummarizeProcsMatchesStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		procs := make([]entity.ProcStat, r.IntN(30))
		for i := range procs {
			procs[i] = entity.ProcStat{PID: int32(i + 1), CPUPercent: float64(r.IntN(3)), RSSBytes: uint64(r.IntN(3))}
		}
		byCPU := slices.Clone(procs)
		sort.SliceStable(byCPU, func(i, j int) bool {
			if byCPU[i].CPUPercent != byCPU[j].CPUPercent {
				return byCPU[i].CPUPercent > byCPU[j].CPUPercent
			}
			return byCPU[i].RSSBytes > byCPU[j].RSSBytes
		})
		byMem := slices.Clone(procs)
		sort.SliceStable(byMem, func(i, j int) bool { return byMem[i].RSSBytes > byMem[j].RSSBytes })
		for n := 0; n <= len(procs)+1; n++ {
			got := SummarizeProcs(procs, n, nil, nil)
			k := min(n, len(procs))
			if !slices.Equal(got.TopCPU, byCPU[:k]) || !slices.Equal(got.TopMem, byMem[:k]) {
				t.Fatalf("n %d of %v:\nby CPU %v\nwant   %v\nby mem %v\nwant   %v", n, procs, got.TopCPU, byCPU[:k], got.TopMem, byMem[:k])
			}
		}
	}
}
