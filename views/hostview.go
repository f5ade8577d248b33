package views

import (
	"time"

	"lookout/entity"
)

// HostView is what a host card shows: a view model built from the
// sampler's status and the host's latest snapshot.
type HostView struct {
	Name     string
	State    entity.HostState
	Level    entity.Level // worst grade of CPU, memory, swap and fullest disk
	HasData  bool         // a snapshot has arrived
	CPU      float64
	Mem      float64
	Swap     float64
	Disk     float64
	DiskName string // mount point of the fullest filesystem
	Load     [3]float64
	NoLoad   bool // the system keeps no load average (Windows): Load is unknown
	Cores    int
	RxPerS   float64
	TxPerS   float64
	LastPoll time.Time
	Error    string   // the last poll's error, or the parts that failed
	Missing  []string // required processes that are not running
	// Alert is the severity of the host's worst firing alert ("warning",
	// "critical") and AlertText what it says; empty when none fires.
	Alert     string
	AlertText string
	// Silenced is true when every open alert of the host is held by a
	// silence or a snooze.
	Silenced bool
	// Spark holds the last minutes of each figure, oldest first, for the
	// table's sparklines (cpu, mem, swap, disk_max, load_per_core,
	// net_rx); filled by the window, not by NewHostView.
	Spark map[entity.Metric][]float64
}

// NewHostView builds the view of one host.
func NewHostView(st entity.HostStatus, snap entity.Snapshot, hasSnap bool, g entity.Grades) HostView {
	v := HostView{Name: st.Host, State: st.State, LastPoll: st.LastPoll, Error: st.LastError, HasData: hasSnap}
	if v.Name == "" {
		v.Name = snap.Host
	}
	if !hasSnap {
		return v
	}
	v.CPU, v.Mem, v.Swap = snap.CPU.Percent, snap.Mem.Percent, snap.Swap.Percent
	if d, ok := snap.FullestDisk(); ok {
		v.Disk, v.DiskName = d.Percent, d.Mount
	}
	v.Load = [3]float64{snap.Load.Load1, snap.Load.Load5, snap.Load.Load15}
	v.NoLoad = snap.Load.Absent
	v.Cores = snap.CPU.Cores
	v.RxPerS, v.TxPerS = snap.NetTotals()
	v.Level = g.Worst(snap)
	v.Missing = snap.Procs.Missing
	if v.Error == "" && len(snap.Errors) > 0 {
		for _, p := range snap.ErrorParts() {
			if v.Error != "" {
				v.Error += "; "
			}
			v.Error += p + ": " + snap.Errors[p]
		}
	}
	return v
}
