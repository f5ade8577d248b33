package engine

import (
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
	// The first n of a stable sort, found by insertion into the top n:
	// sorting every process (sort.SliceStable's reflection swaps of the
	// large ProcStat) was a third of an SSH poll's client CPU.
	out.TopCPU = top(procs, n, func(a, b *entity.ProcStat) bool {
		if a.CPUPercent != b.CPUPercent {
			return a.CPUPercent > b.CPUPercent
		}
		return a.RSSBytes > b.RSSBytes
	})
	out.TopMem = top(procs, n, func(a, b *entity.ProcStat) bool { return a.RSSBytes > b.RSSBytes })
	return out
}

// top returns the first n of procs as a stable sort by before (a ranks
// ahead of b) would order them: ties keep their order in procs.
func top(procs []entity.ProcStat, n int, before func(a, b *entity.ProcStat) bool) []entity.ProcStat {
	n = max(n, 0)
	out := slices.Clone(procs[:0:0])
	for i := range procs {
		p := &procs[i]
		if len(out) == n && (n == 0 || !before(p, &out[n-1])) {
			continue
		}
		j := len(out)
		for j > 0 && before(p, &out[j-1]) {
			j--
		}
		out = slices.Insert(out, j, *p)
		if len(out) > n {
			out = out[:n]
		}
	}
	return out
}
