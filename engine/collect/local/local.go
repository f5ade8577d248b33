// Package local collects snapshots of the machine Lookout runs on, through
// gopsutil for the system-wide figures.
//
// On Linux the process table comes from Lookout's own procfs parser (one
// file read per process), and every path is read below an injectable root
// (Options.ProcRoot and SysRoot, as gopsutil's HOST_PROC and HOST_SYS), so
// tests feed the collector fixture trees under testdata/ (os_unix.go).
//
// On Windows everything comes from gopsutil (os_windows.go): the page file
// is the swap, every fixed drive a filesystem; there is no load average
// (Snapshot.Load.Absent) and no temperature. The conversions from
// gopsutil's values to the snapshot are pure functions (convert.go), fed
// by fixtures in the tests on any platform.
package local

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"lookout/entity"

	"github.com/shirou/gopsutil/v4/common"
	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/disk"
	"github.com/shirou/gopsutil/v4/mem"
	"github.com/shirou/gopsutil/v4/net"

	"lookout/engine"
)

// DefaultIgnoreFSTypes are filesystem types that hold no user data: they
// are skipped unless Options.Mounts names them.
var DefaultIgnoreFSTypes = []string{
	"autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts",
	"devtmpfs", "efivarfs", "fuse.gvfsd-fuse", "fuse.portal", "fusectl", "hugetlbfs", "mqueue",
	"nsfs", "overlay", "proc", "procfs", "pstore", "ramfs", "rpc_pipefs", "securityfs",
	"selinuxfs", "squashfs", "sysfs", "tracefs", "tmpfs", "nfsd", "fuse.lxcfs", "aufs",
}

// DefaultIgnoreMounts are mount point patterns (path.Match) skipped by
// default: container layers and snap images.
var DefaultIgnoreMounts = []string{"/proc/*", "/sys/*", "/dev/*", "/run/*", "/snap/*", "/var/lib/docker/*", "/var/lib/containers/*", "/mnt/sandboxing/*"}

// partitionRE matches block devices that are partitions or virtual devices,
// which disk I/O totals skip so that no byte is counted twice.
var partitionRE = regexp.MustCompile(`^(ram|loop|fd|zram|sr|dm-|md)\d*|^((h|s|v|xv)d[a-z]+|nvme\d+n\d+|mmcblk\d+)p?\d+$`)

// Options configure a local collector.
type Options struct {
	Host string // the snapshot's host name; default os.Hostname
	// ProcRoot and SysRoot replace /proc and /sys (tests point them at
	// fixture trees).
	ProcRoot, SysRoot string
	// Mounts, when set, lists the only mount points reported.
	Mounts []string
	// IgnoreFSTypes and IgnoreMounts skip filesystems; nil means the
	// defaults above.
	IgnoreFSTypes, IgnoreMounts []string
	// IgnoreIfaces are network interface patterns (path.Match) skipped;
	// nil means DefaultIgnoreIfaces ("lo"; on Windows also the loopback
	// pseudo-interface).
	IgnoreIfaces []string
	// Keywords count processes whose name contains each (case-insensitive).
	Keywords []string
	// Required are process names (exact) that must run; absent ones are
	// listed in Procs.Missing.
	Required []string
	// TopN is how many processes to list by CPU and by memory (default 5);
	// negative skips the process table.
	TopN int
	// DiskTimeout bounds each filesystem's statfs, so that a hung network
	// mount never hangs the poll (default 2 s).
	DiskTimeout time.Duration
	// Statfs replaces the statfs(2) call (GetDiskFreeSpaceEx on Windows)
	// (tests).
	Statfs func(path string) (disk.UsageStat, error)
	// Now replaces time.Now (tests).
	Now func() time.Time
}

// Collector reads this machine. It keeps the previous readings of its
// counters, so rates and CPU percentages come from its own deltas. Use one
// Collector per host name.
type Collector struct {
	opt      Options
	ctx      context.Context // carries the gopsutil root overrides
	deltas   *engine.Deltas
	model    string
	modelErr error
	once     sync.Once
	pageSize uint64
	clkTck   float64
	memTotal uint64

	mu    sync.Mutex
	stuck map[string]bool // mounts whose statfs is still hanging
}

// New returns a collector for this machine.
func New(opt Options) *Collector {
	if opt.Host == "" {
		opt.Host, _ = os.Hostname()
	}
	if opt.ProcRoot == "" {
		opt.ProcRoot = "/proc"
	}
	if opt.SysRoot == "" {
		opt.SysRoot = "/sys"
	}
	if opt.IgnoreFSTypes == nil {
		opt.IgnoreFSTypes = DefaultIgnoreFSTypes
	}
	if opt.IgnoreMounts == nil {
		opt.IgnoreMounts = DefaultIgnoreMounts
	}
	if opt.IgnoreIfaces == nil {
		opt.IgnoreIfaces = DefaultIgnoreIfaces
	}
	if opt.TopN == 0 {
		opt.TopN = 5
	}
	if opt.DiskTimeout <= 0 {
		opt.DiskTimeout = 2 * time.Second
	}
	if opt.Statfs == nil {
		opt.Statfs = statfs
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	ctx := context.WithValue(context.Background(), common.EnvKey, common.EnvMap{
		common.HostProcEnvKey: opt.ProcRoot,
		common.HostSysEnvKey:  opt.SysRoot,
	})
	return &Collector{
		opt: opt, ctx: ctx, deltas: engine.NewDeltas(),
		pageSize: uint64(os.Getpagesize()), clkTck: 100, stuck: map[string]bool{},
	}
}

// Host returns the name the collector puts in its snapshots.
func (c *Collector) Host() string { return c.opt.Host }

// Collect reads one snapshot. It fails only when ctx ends; a part that
// cannot be read leaves its error in Snapshot.Errors.
func (c *Collector) Collect(ctx context.Context) (entity.Snapshot, error) {
	now := c.opt.Now()
	s := entity.Snapshot{Host: c.opt.Host, Time: now.UTC().Truncate(time.Millisecond)}
	gctx := mergeEnv(ctx, c.ctx)

	s.SetError("cpu", c.cpu(gctx, &s, now))
	if l, err := loadAvg(gctx); err != nil {
		s.SetError("load", err)
	} else {
		s.Load = l
	}
	s.SetError("mem", c.memory(gctx, &s))
	s.SetError("disks", c.disks(gctx, &s))
	s.SetError("disk_io", c.diskIO(gctx, &s, now))
	s.SetError("net", c.net(gctx, &s, now))
	if up, err := c.uptime(gctx); err != nil {
		s.SetError("uptime", err)
	} else {
		s.UptimeS = up
	}
	s.SetError("sensors", c.sensors(gctx, &s))
	if c.opt.TopN > 0 {
		s.SetError("procs", c.procs(gctx, &s, now))
	}
	if err := ctx.Err(); err != nil {
		return s, fmt.Errorf("local: %w", err)
	}
	return s, nil
}

// mergeEnv returns ctx carrying the gopsutil root overrides of base.
func mergeEnv(ctx, base context.Context) context.Context {
	return context.WithValue(ctx, common.EnvKey, base.Value(common.EnvKey))
}

func (c *Collector) cpu(ctx context.Context, s *entity.Snapshot, now time.Time) error {
	c.once.Do(func() {
		infos, err := cpu.InfoWithContext(ctx)
		if err != nil {
			c.modelErr = err
			return
		}
		if len(infos) > 0 {
			c.model = strings.TrimSpace(infos[0].ModelName)
		}
	})
	s.CPU.Model = c.model
	all, err := cpu.TimesWithContext(ctx, false)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		return errors.New("no cpu line in stat")
	}
	if p, ok := c.deltas.CPU("cpu", osTimes(all[0])); ok {
		s.CPU.Percent, s.CPU.User, s.CPU.System, s.CPU.IOWait, s.CPU.Steal = p.Busy, p.User, p.System, p.IOWait, p.Steal
	} else {
		s.RatesUnknown = true // a first reading or a counter reset: no rate yet
	}
	per, err := cpu.TimesWithContext(ctx, true)
	if err != nil {
		s.CPU.Cores = coresWithoutTimes()
		return err
	}
	s.CPU.Cores = len(per)
	s.CPU.PerCore = make([]float64, len(per))
	for i, t := range per {
		if p, ok := c.deltas.CPU(t.CPU, osTimes(t)); ok {
			s.CPU.PerCore[i] = p.Busy
		} else {
			s.RatesUnknown = true // a first reading or a counter reset: no rate yet
		}
	}
	return c.modelErr
}

// times is gopsutil's reading of /proc/stat as Lookout's CPU times.
func times(t cpu.TimesStat) engine.CPUTimes {
	return engine.CPUTimes{User: t.User, Nice: t.Nice, System: t.System, Idle: t.Idle,
		IOWait: t.Iowait, IRQ: t.Irq, SoftIRQ: t.Softirq, Steal: t.Steal}
}

func (c *Collector) memory(ctx context.Context, s *entity.Snapshot) error {
	var errs []error
	v, err := mem.VirtualMemoryWithContext(ctx)
	if err != nil {
		errs = append(errs, err)
	} else {
		used := v.Total - v.Available
		s.Mem = entity.MemStat{TotalBytes: v.Total, AvailableBytes: v.Available, UsedBytes: used,
			BuffersCacheBytes: v.Buffers + v.Cached, Percent: pct(used, v.Total)}
		c.memTotal = v.Total
	}
	sw, err := swap(ctx, v)
	if err != nil {
		errs = append(errs, err)
	}
	s.Swap = sw
	return errors.Join(errs...)
}

func pct(part, whole uint64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole) * 100
}

// disks reads every real filesystem. Each statfs runs on its own goroutine
// with a deadline: a hung NFS mount reports an error and is not asked
// again until its stuck call returns.
func (c *Collector) disks(ctx context.Context, s *entity.Snapshot) error {
	parts, err := partitions(ctx)
	if err != nil && len(parts) == 0 {
		return err
	}
	var errs []error
	seen := map[string]bool{}
	first := firstMounts(parts)
	for _, p := range parts {
		if seen[p.Mountpoint] || !c.wantMount(p.Mountpoint, p.Fstype) {
			continue
		}
		if m, ok := first[p.Device]; ok && m != p.Mountpoint && len(c.opt.Mounts) == 0 {
			continue // a bind mount of a filesystem already listed, as df(1) skips it
		}
		seen[p.Mountpoint] = true
		u, err := c.usage(ctx, p.Mountpoint)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p.Mountpoint, err))
			continue
		}
		if u.Total == 0 {
			continue
		}
		d := entity.DiskStat{Mount: p.Mountpoint, Device: p.Device, FSType: p.Fstype,
			TotalBytes: u.Total, UsedBytes: u.Used, FreeBytes: u.Free}
		if u.Used+u.Free > 0 {
			d.Percent = float64(u.Used) / float64(u.Used+u.Free) * 100
		}
		s.Disks = append(s.Disks, d)
	}
	sort.Slice(s.Disks, func(i, j int) bool { return s.Disks[i].Mount < s.Disks[j].Mount })
	return errors.Join(errs...)
}

// firstMounts maps each block device (a path) mounted more than once to
// its shortest mount point: the one df(1) shows, so the window lists a
// filesystem once, locally as over SSH.
func firstMounts(parts []disk.PartitionStat) map[string]string {
	out := map[string]string{}
	for _, p := range parts {
		if !strings.HasPrefix(p.Device, "/") {
			continue
		}
		if m, ok := out[p.Device]; !ok || len(p.Mountpoint) < len(m) {
			out[p.Device] = p.Mountpoint
		}
	}
	return out
}

func (c *Collector) wantMount(mount, fstype string) bool {
	if len(c.opt.Mounts) > 0 {
		return slices.Contains(c.opt.Mounts, mount)
	}
	if slices.Contains(c.opt.IgnoreFSTypes, fstype) {
		return false
	}
	return !engine.MatchAny(c.opt.IgnoreMounts, mount)
}

// ErrMountHung is reported for a filesystem whose statfs did not return in
// time.
var ErrMountHung = errors.New("statfs timed out (hung mount?)")

func (c *Collector) usage(ctx context.Context, mount string) (disk.UsageStat, error) {
	c.mu.Lock()
	if c.stuck[mount] {
		c.mu.Unlock()
		return disk.UsageStat{}, ErrMountHung
	}
	c.mu.Unlock()
	type result struct {
		u   disk.UsageStat
		err error
	}
	ch := make(chan result, 1)
	go func() {
		u, err := c.opt.Statfs(mount)
		ch <- result{u, err}
		c.mu.Lock()
		delete(c.stuck, mount)
		c.mu.Unlock()
	}()
	t := time.NewTimer(c.opt.DiskTimeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.u, r.err
	case <-t.C:
	case <-ctx.Done():
	}
	c.mu.Lock()
	c.stuck[mount] = true
	c.mu.Unlock()
	// The goroutine may have finished in between; if so take its answer.
	select {
	case r := <-ch:
		return r.u, r.err
	default:
		return disk.UsageStat{}, ErrMountHung
	}
}

func (c *Collector) diskIO(ctx context.Context, s *entity.Snapshot, now time.Time) error {
	io, err := disk.IOCountersWithContext(ctx)
	if err != nil {
		return err
	}
	var r, w uint64
	for name, d := range io {
		if partitionRE.MatchString(name) {
			continue
		}
		r += d.ReadBytes
		w += d.WriteBytes
	}
	var rok, wok bool
	s.DiskIO.ReadBytesPerS, rok = c.deltas.Rate("disk_read", float64(r), now)
	s.DiskIO.WriteBytesPerS, wok = c.deltas.Rate("disk_write", float64(w), now)
	if !rok || !wok {
		s.RatesUnknown = true
	}
	return nil
}

func (c *Collector) net(ctx context.Context, s *entity.Snapshot, now time.Time) error {
	io, err := net.IOCountersWithContext(ctx, true)
	if err != nil {
		return err
	}
	for _, n := range io {
		if c.ignoreIface(n.Name) {
			continue
		}
		stat, ok := c.deltas.NetStat(n.Name, n.BytesRecv, n.BytesSent, now)
		if !ok {
			s.RatesUnknown = true
		}
		s.Net = append(s.Net, stat)
	}
	sort.Slice(s.Net, func(i, j int) bool { return s.Net[i].Iface < s.Net[j].Iface })
	return nil
}

func (c *Collector) ignoreIface(name string) bool { return engine.MatchAny(c.opt.IgnoreIfaces, name) }
