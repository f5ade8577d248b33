package views

import (
	"sort"
	"strings"
)

// SortKey is what the overview orders hosts by, in cards and table alike.
type SortKey string

// Sort keys. Figures sort highest first, the last poll oldest first; ties
// go worst state first, then by name.
const (
	SortState SortKey = "state"
	SortName  SortKey = "name"
	SortCPU   SortKey = "cpu"
	SortMem   SortKey = "mem"
	SortSwap  SortKey = "swap"
	SortDisk  SortKey = "disk"
	SortLoad  SortKey = "load"
	SortNet   SortKey = "net"
	SortPoll  SortKey = "poll"
)

// SortKeys lists the keys in the order the sort menu offers them.
var SortKeys = []SortKey{SortState, SortName, SortCPU, SortMem, SortSwap, SortDisk, SortLoad, SortNet, SortPoll}

// Label is the key's name in the sort menu, an i18n phrase.
func (k SortKey) Label() string {
	switch k {
	case SortName:
		return "Name"
	case SortCPU:
		return "CPU"
	case SortMem:
		return "Memory"
	case SortSwap:
		return "Swap"
	case SortDisk:
		return "Disk"
	case SortLoad:
		return "Load"
	case SortNet:
		return "Network"
	case SortPoll:
		return "Last poll"
	}
	return "State"
}

// figure returns the value of v that key sorts by, higher first.
func (k SortKey) figure(v HostView) float64 {
	switch k {
	case SortCPU:
		return v.CPU
	case SortMem:
		return v.Mem
	case SortSwap:
		return v.Swap
	case SortDisk:
		return v.Disk
	case SortLoad:
		return loadPerCore(v)
	case SortNet:
		return v.RxPerS + v.TxPerS
	case SortPoll:
		if v.LastPoll.IsZero() {
			return 0
		}
		return -float64(v.LastPoll.UnixNano())
	}
	return 0
}

// SortHosts returns hosts ordered by key.
func SortHosts(hosts []HostView, key SortKey) []HostView {
	out := append([]HostView(nil), hosts...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch key {
		case SortName:
			return strings.ToLower(a.Name) < strings.ToLower(b.Name)
		case SortState, "":
		default:
			if fa, fb := key.figure(a), key.figure(b); fa != fb {
				return fa > fb
			}
		}
		if sa, sb := HostSeverity(a), HostSeverity(b); sa != sb {
			return sa > sb
		}
		return a.Name < b.Name
	})
	return out
}

func loadPerCore(v HostView) float64 {
	if v.Cores <= 0 {
		return v.Load[0]
	}
	return v.Load[0] / float64(v.Cores)
}
