//go:build windows

package local

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/disk"
	"github.com/shirou/gopsutil/v4/host"
	"github.com/shirou/gopsutil/v4/mem"
	"github.com/shirou/gopsutil/v4/process"
	"golang.org/x/sys/windows"

	"lookout/engine"
	"lookout/entity"
)

// DefaultIgnoreIfaces are the network interfaces skipped unless
// Options.IgnoreIfaces says otherwise: the loopback pseudo-interfaces.
var DefaultIgnoreIfaces = []string{"lo", "Loopback Pseudo-Interface*"}

// osTimes is gopsutil's reading of the processor times.
func osTimes(t cpu.TimesStat) engine.CPUTimes { return windowsTimes(t) }

// coresWithoutTimes is the number of logical processors, when the
// per-core times could not be read (NtQuerySystemInformationEx: Wine has
// none).
func coresWithoutTimes() int { return runtime.NumCPU() }

// loadAvg reports no load average: Windows keeps none (gopsutil's
// emulation from the processor queue length is a different figure).
func loadAvg(context.Context) (entity.LoadStat, error) {
	return entity.LoadStat{Absent: true}, nil
}

// swap reads the page files.
func swap(ctx context.Context, _ *mem.VirtualMemoryStat) (entity.SwapStat, error) {
	files, err := mem.SwapDevicesWithContext(ctx)
	if errors.Is(err, windows.ERROR_SUCCESS) {
		// EnumPageFilesW failed without saying why: Wine's stub, which
		// has no page file to list.
		return entity.SwapStat{}, nil
	}
	if err != nil {
		return entity.SwapStat{}, fmt.Errorf("page files: %w", err)
	}
	return swapFromPageFiles(files), nil
}

// partitions lists the volumes on fixed drives.
func partitions(ctx context.Context) ([]disk.PartitionStat, error) {
	parts, err := disk.PartitionsWithContext(ctx, true)
	return fixedDrives(parts, driveType), err
}

func driveType(mount string) uint32 {
	root := mount
	if len(root) == 0 || root[len(root)-1] != '\\' {
		root += `\`
	}
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return 0
	}
	return windows.GetDriveType(p)
}

// statfs asks GetDiskFreeSpaceEx.
func statfs(mount string) (disk.UsageStat, error) {
	p, err := windows.UTF16PtrFromString(mount)
	if err != nil {
		return disk.UsageStat{}, err
	}
	var freeToCaller, total, totalFree uint64
	if err := windows.GetDiskFreeSpaceEx(p, &freeToCaller, &total, &totalFree); err != nil {
		return disk.UsageStat{}, err
	}
	return windowsUsage(mount, freeToCaller, total, totalFree), nil
}

// uptime is the time since boot (GetTickCount64).
func (c *Collector) uptime(ctx context.Context) (float64, error) {
	up, err := host.UptimeWithContext(ctx)
	return float64(up), err
}

// sensors reads nothing: Windows shows temperatures only to
// administrators, through WMI, and seldom any.
func (c *Collector) sensors(context.Context, *entity.Snapshot) error { return nil }

// procs reads every process through gopsutil: the names from one
// Toolhelp snapshot, then each one's times and working set.
func (c *Collector) procs(ctx context.Context, s *entity.Snapshot, now time.Time) error {
	ps, err := process.ProcessesWithContext(ctx)
	if err != nil {
		return err
	}
	samples := make([]procSample, 0, len(ps))
	for _, p := range ps {
		if p.Pid == 0 {
			continue // the System Idle Process: its CPU time is the idle time
		}
		name, _ := p.NameWithContext(ctx)
		created, _ := p.CreateTimeWithContext(ctx)
		times, _ := p.TimesWithContext(ctx)
		mi, _ := p.MemoryInfoWithContext(ctx)
		samples = append(samples, windowsSample(p.Pid, name, created, times, mi))
	}
	c.summarize(s, samples, now)
	return nil
}
