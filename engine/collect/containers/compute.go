package containers

import (
	"time"

	"lookout/entity"
)

// CPUPercent is `docker stats`' CPU figure between two readings: the
// container's CPU time over the host's, times the online CPUs, in percent
// (one busy core is 100). ok is false when the readings cannot give a rate:
// no host time passed, or a counter went back (the container restarted).
func CPUPercent(pre, cur CPUStats) (pct float64, ok bool) {
	if pre.System == 0 || cur.System <= pre.System || cur.Total < pre.Total {
		return 0, false
	}
	on := cur.Online
	if on <= 0 {
		on = 1
	}
	pct = float64(cur.Total-pre.Total) / float64(cur.System-pre.System) * float64(on) * 100
	if max := float64(on) * 100; pct > max { // rounding between the two clocks
		pct = max
	}
	return pct, true
}

// MemUsed is `docker stats`' memory figure: the cgroup's usage minus its
// inactive page cache (total_inactive_file on cgroup v1, inactive_file on
// v2), which the kernel can reclaim.
func MemUsed(s Stats) uint64 {
	if s.HasInactive && s.MemInactiveFile < s.MemUsage {
		return s.MemUsage - s.MemInactiveFile
	}
	return s.MemUsage
}

// Reading is the counters a Collector keeps of one container between
// polls.
type Reading struct {
	CPU    CPUStats
	Rx, Tx uint64
	HasNet bool
	Read   time.Time
}

// Build assembles one container's figures from its list entry, its
// inspect (nil if the engine had none: the list's state is used) and, for
// a running container, its stats and the previous poll's reading (nil the
// first time). It returns the reading to keep for the next poll (nil when
// the container is not running).
func Build(engine string, sum Summary, ins *Inspect, st *Stats, prev *Reading) (entity.ContainerStat, *Reading) {
	c := entity.ContainerStat{ID: sum.ID, Name: sum.Name, Image: sum.Image, Engine: engine,
		State: sum.State, Status: sum.Status}
	if ins != nil {
		c.State, c.Restarts = ins.State, ins.Restarts
		if c.State != entity.ContainerRunning {
			c.ExitCode = ins.ExitCode
		}
	}
	if st == nil || c.State != entity.ContainerRunning {
		return c, nil
	}
	c.MemUsedBytes, c.MemLimitBytes = MemUsed(*st), st.MemLimit
	if c.MemLimitBytes > 0 {
		c.MemPercent = float64(c.MemUsedBytes) / float64(c.MemLimitBytes) * 100
	}
	c.NetRxBytesTotal, c.NetTxBytesTotal = st.Rx, st.Tx
	cur := &Reading{CPU: st.CPU, Rx: st.Rx, Tx: st.Tx, HasNet: st.HasNet, Read: st.Read}

	cpuOK, netOK := false, !st.HasNet
	if prev != nil {
		c.CPUPercent, cpuOK = CPUPercent(prev.CPU, st.CPU)
		if st.HasNet && prev.HasNet {
			if dt := st.Read.Sub(prev.Read).Seconds(); dt > 0 && st.Rx >= prev.Rx && st.Tx >= prev.Tx {
				c.NetRxBytesPerS = float64(st.Rx-prev.Rx) / dt
				c.NetTxBytesPerS = float64(st.Tx-prev.Tx) / dt
				netOK = true
			}
		}
	}
	if !cpuOK { // an engine that ignored one-shot sent its own previous sample
		c.CPUPercent, cpuOK = CPUPercent(st.PreCPU, st.CPU)
	}
	if !cpuOK {
		c.CPUPercent = 0
	}
	c.RatesUnknown = !cpuOK || !netOK
	return c, cur
}
