package local

import (
	"strconv"
	"time"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/disk"
	"github.com/shirou/gopsutil/v4/mem"
	"github.com/shirou/gopsutil/v4/process"

	"lookout/engine"
	"lookout/entity"
)

// procSample is one process as the operating system reports it, before
// the collector turns its counters into rates: /proc/[pid]/stat on Linux,
// gopsutil's process readings on Windows.
type procSample struct {
	PID  int32
	Name string
	// Start tells a process from a later one that reuses its PID (start
	// ticks on Linux, creation time on Windows).
	Start      string
	CPUSeconds float64 // user + system time since the process started
	RSSBytes   uint64  // resident set (Linux), working set (Windows)
}

// summarize turns one reading of the process table into s.Procs: CPU
// percentages from the previous reading of each process, the top lists,
// the keyword counts and the missing required processes.
func (c *Collector) summarize(s *entity.Snapshot, samples []procSample, now time.Time) {
	procs := make([]entity.ProcStat, 0, len(samples))
	for _, p := range samples {
		key := "pid:" + strconv.Itoa(int(p.PID)) + ":" + p.Start
		rate, _ := c.deltas.Rate(key, p.CPUSeconds, now)
		procs = append(procs, entity.ProcStat{PID: p.PID, Name: p.Name, CPUPercent: rate * 100,
			RSSBytes: p.RSSBytes, MemPercent: pct(p.RSSBytes, c.memTotal)})
	}
	c.deltas.Forget("pid:", now) // drop the readings of processes gone since the last run
	s.Procs = engine.SummarizeProcs(procs, c.opt.TopN, c.opt.Keywords, c.opt.Required)
}

// windowsTimes converts gopsutil's Windows processor times. Windows counts
// interrupt and DPC time inside kernel time, which gopsutil reports as
// System (kernel minus idle) and again as Irq: Irq is left out so that no
// busy second is counted twice.
func windowsTimes(t cpu.TimesStat) engine.CPUTimes {
	return engine.CPUTimes{User: t.User, System: t.System, Idle: t.Idle}
}

// swapFromPageFiles sums the page files (gopsutil's SwapDevices, from
// EnumPageFilesW) as the swap: what Windows writes memory out to.
func swapFromPageFiles(files []*mem.SwapDevice) entity.SwapStat {
	var used, free uint64
	for _, f := range files {
		if f == nil {
			continue
		}
		used += f.UsedBytes
		free += f.FreeBytes
	}
	total := used + free
	return entity.SwapStat{TotalBytes: total, UsedBytes: used, Percent: pct(used, total)}
}

// Drive types of GetDriveType that fixedDrives keeps (DRIVE_FIXED).
const driveFixed = 3

// fixedDrives keeps the partitions on fixed drives: local disks, not
// removable media, optical drives, network shares or RAM disks, whose
// usage either says nothing about the PC or may hang on a lost server.
// driveType is GetDriveType of a mount point.
func fixedDrives(parts []disk.PartitionStat, driveType func(mount string) uint32) []disk.PartitionStat {
	var out []disk.PartitionStat
	for _, p := range parts {
		if driveType(p.Mountpoint) == driveFixed {
			out = append(out, p)
		}
	}
	return out
}

// windowsUsage is a drive's usage from GetDiskFreeSpaceEx: free is what
// the user may still write (quotas apply), used is total minus every free
// byte, as Explorer shows them.
func windowsUsage(mount string, freeToCaller, total, totalFree uint64) disk.UsageStat {
	return disk.UsageStat{Path: mount, Total: total, Free: freeToCaller, Used: total - min(totalFree, total)}
}

// windowsSample is one Windows process from gopsutil's readings. times and
// mem are nil for processes the user may not open (services of other
// users, the kernel's): they still count, with no CPU or memory.
func windowsSample(pid int32, name string, created int64, times *cpu.TimesStat, mem *process.MemoryInfoStat) procSample {
	p := procSample{PID: pid, Name: name, Start: strconv.FormatInt(created, 10)}
	if times != nil {
		p.CPUSeconds = times.User + times.System
	}
	if mem != nil {
		p.RSSBytes = mem.RSS
	}
	return p
}
