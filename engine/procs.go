package engine

import (
	"slices"
	"sort"
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
	sort.SliceStable(byCPU, func(i, j int) bool {
		if byCPU[i].CPUPercent != byCPU[j].CPUPercent {
			return byCPU[i].CPUPercent > byCPU[j].CPUPercent
		}
		return byCPU[i].RSSBytes > byCPU[j].RSSBytes
	})
	out.TopCPU = slices.Clone(byCPU[:min(n, len(byCPU))])
	byMem := procs
	sort.SliceStable(byMem, func(i, j int) bool { return byMem[i].RSSBytes > byMem[j].RSSBytes })
	out.TopMem = slices.Clone(byMem[:min(n, len(byMem))])
	return out
}
