package engine

import (
	"cmp"
	"slices"
	"strings"

	"lookout/entity"
)

// SummarizeProcs builds the process part of a snapshot from a full process list:
// the top n by CPU and by resident memory, keyword counts and the required
// names that are absent. Collectors of every kind share it.
func SummarizeProcs(procs []entity.ProcStat, n int, keywords, required []string) entity.ProcStats {
	out := entity.ProcStats{Total: len(procs), Counts: map[string]int{}}
	for _, k := range keywords {
		lk := strings.ToLower(k)
		cnt := 0
		for _, p := range procs {
			if strings.Contains(strings.ToLower(p.Name), lk) {
				cnt++
			}
		}
		out.Counts[k] = cnt
	}
	for _, r := range required {
		if !slices.ContainsFunc(procs, func(p entity.ProcStat) bool { return p.Name == r }) {
			out.Missing = append(out.Missing, r)
		}
	}
	byCPU := slices.Clone(procs)
	// slices' generic sorts, not sort.SliceStable: its reflection-based
	// swaps of the large ProcStat were a third of an SSH poll's client CPU.
	slices.SortStableFunc(byCPU, func(a, b entity.ProcStat) int {
		if c := cmp.Compare(b.CPUPercent, a.CPUPercent); c != 0 {
			return c
		}
		return cmp.Compare(b.RSSBytes, a.RSSBytes)
	})
	out.TopCPU = slices.Clone(byCPU[:min(n, len(byCPU))])
	byMem := procs
	slices.SortStableFunc(byMem, func(a, b entity.ProcStat) int { return cmp.Compare(b.RSSBytes, a.RSSBytes) })
	out.TopMem = slices.Clone(byMem[:min(n, len(byMem))])
	return out
}
