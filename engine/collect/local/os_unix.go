//go:build !windows

package local

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/disk"
	"github.com/shirou/gopsutil/v4/load"
	"github.com/shirou/gopsutil/v4/mem"
	"github.com/shirou/gopsutil/v4/sensors"
	"golang.org/x/sys/unix"

	"lookout/engine"
	"lookout/engine/procfs"
	"lookout/entity"
)

// DefaultIgnoreIfaces are the network interfaces skipped unless
// Options.IgnoreIfaces says otherwise: the loopback.
var DefaultIgnoreIfaces = []string{"lo"}

// osTimes is the reading of /proc/stat as Lookout's CPU times.
func osTimes(t cpu.TimesStat) engine.CPUTimes { return times(t) }

// coresWithoutTimes is the number of cores when the per-core times could
// not be read: unknown (0), as /proc/stat is where both come from.
func coresWithoutTimes() int { return 0 }

// loadAvg reads /proc/loadavg.
func loadAvg(ctx context.Context) (entity.LoadStat, error) {
	l, err := load.AvgWithContext(ctx)
	if err != nil {
		return entity.LoadStat{}, err
	}
	return entity.LoadStat{Load1: l.Load1, Load5: l.Load5, Load15: l.Load15}, nil
}

// swap takes the swap figures from the same /proc/meminfo read as the
// memory (gopsutil's SwapMemory asks sysinfo(2), which would ignore
// ProcRoot).
func swap(_ context.Context, v *mem.VirtualMemoryStat) (entity.SwapStat, error) {
	if v == nil || v.SwapTotal == 0 {
		return entity.SwapStat{}, nil
	}
	used := v.SwapTotal - v.SwapFree
	return entity.SwapStat{TotalBytes: v.SwapTotal, UsedBytes: used, Percent: pct(used, v.SwapTotal)}, nil
}

// partitions lists every mounted filesystem (ProcRoot/1/mountinfo).
func partitions(ctx context.Context) ([]disk.PartitionStat, error) {
	return disk.PartitionsWithContext(ctx, true)
}

// statfs is disk.Usage without the inode figures: used is total - free,
// percent is computed from blocks available to unprivileged users, as df.
func statfs(mount string) (disk.UsageStat, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(mount, &st); err != nil {
		return disk.UsageStat{}, err
	}
	bs := uint64(st.Bsize)
	return disk.UsageStat{Path: mount, Total: st.Blocks * bs, Free: st.Bavail * bs,
		Used: (st.Blocks - st.Bfree) * bs}, nil
}

// uptime reads ProcRoot/uptime (gopsutil's host.Uptime asks sysinfo(2),
// which would ignore ProcRoot).
func (c *Collector) uptime(context.Context) (float64, error) {
	b, err := os.ReadFile(filepath.Join(c.opt.ProcRoot, "uptime"))
	if err != nil {
		return 0, err
	}
	u, err := procfs.ParseUptime(b)
	return u.Seconds, err
}

func (c *Collector) sensors(ctx context.Context, s *entity.Snapshot) error {
	ts, err := sensors.TemperaturesWithContext(ctx)
	for _, t := range ts {
		if t.Temperature <= 0 || t.Temperature > 150 {
			continue
		}
		s.Temps = append(s.Temps, entity.TempStat{Sensor: t.SensorKey, Celsius: t.Temperature})
	}
	if len(s.Temps) > 0 {
		return nil // some sensors answered: a partial failure is not worth a warning
	}
	var w *sensors.Warnings
	if errors.As(err, &w) && len(ts) == 0 && len(w.List) == 0 {
		return nil
	}
	return err
}

// procs reads /proc/[pid]/stat of every process: one file each.
func (c *Collector) procs(_ context.Context, s *entity.Snapshot, now time.Time) error {
	d, err := os.Open(c.opt.ProcRoot)
	if err != nil {
		return err
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return err
	}
	samples := make([]procSample, 0, len(names))
	var buf [1024]byte
	for _, n := range names {
		if n[0] < '0' || n[0] > '9' {
			continue
		}
		b, err := readSmall(filepath.Join(c.opt.ProcRoot, n, "stat"), buf[:])
		if err != nil {
			continue // the process exited between readdir and open
		}
		ps, err := procfs.ParsePidStat(b)
		if err != nil {
			continue
		}
		if ps.State == 'Z' {
			continue
		}
		samples = append(samples, procSample{PID: ps.PID, Name: ps.Comm,
			Start:      strconv.FormatUint(ps.StartTime, 10),
			CPUSeconds: float64(ps.UTime+ps.STime) / c.clkTck,
			RSSBytes:   uint64(max(ps.RSSPages, 0)) * c.pageSize})
	}
	c.summarize(s, samples, now)
	return nil
}

func readSmall(name string, buf []byte) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, err := f.Read(buf)
	if err != nil {
		return nil, err
	}
	return buf[:n], nil
}
