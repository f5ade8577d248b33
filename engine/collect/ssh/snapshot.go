package ssh

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"time"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/procfs"
)

// partitionRE matches block devices that are partitions or virtual
// devices; disk I/O totals skip them so that no byte is counted twice
// (the local collector uses the same rule).
var partitionRE = regexp.MustCompile(`^(ram|loop|fd|zram|sr|dm-|md)\d*|^((h|s|v|xv)d[a-z]+|nvme\d+n\d+|mmcblk\d+)p?\d+$`)

// Filter chooses what a snapshot reports; the zero value reports all.
type Filter struct {
	// Mounts, when set, lists the only mount points reported.
	Mounts []string
	// IgnoreFSTypes and IgnoreMounts (path.Match patterns) skip
	// filesystems.
	IgnoreFSTypes, IgnoreMounts []string
	// IgnoreIfaces are interface patterns (path.Match) skipped.
	IgnoreIfaces []string
	// Keywords count processes whose name contains each; Required are
	// exact names that must run.
	Keywords, Required []string
	// TopN processes by CPU and by memory; negative skips the table.
	TopN int
}

// Builder turns Script output into snapshots. It keeps the previous
// counters of one host, so use one Builder per host.
type Builder struct {
	Host   string
	Filter Filter
	Info   Info
	deltas *engine.Deltas
}

// NewBuilder returns a builder for host.
func NewBuilder(host string, f Filter) *Builder {
	return &Builder{Host: host, Filter: f, Info: Info{PageSize: 4096, ClkTck: 100}, deltas: engine.NewDeltas()}
}

// Build parses out into a snapshot taken at now. Parts that do not parse
// leave their error in Snapshot.Errors; the others are still filled in.
func (b *Builder) Build(out Output, now time.Time) entity.Snapshot {
	s := entity.Snapshot{Host: b.Host, Time: now.UTC().Truncate(time.Millisecond)}
	// Rates are clocked by the remote uptime, so that network latency
	// between polls does not distort them.
	clock := now
	if up, err := procfs.ParseUptime(file(out, "uptime")); err != nil {
		s.SetError("uptime", err)
	} else {
		s.UptimeS = up.Seconds
		clock = time.Unix(0, 0).Add(time.Duration(up.Seconds * float64(time.Second)))
	}
	s.CPU.Model = b.Info.Model
	s.SetError("cpu", b.cpu(out, &s))
	if l, err := procfs.ParseLoadavg(file(out, "loadavg")); err != nil {
		s.SetError("load", err)
	} else {
		s.Load = entity.LoadStat{Load1: l.Load1, Load5: l.Load5, Load15: l.Load15}
	}
	memTotal, err := b.mem(out, &s)
	s.SetError("mem", err)
	s.SetError("disks", b.disks(out, &s))
	s.SetError("disk_io", b.diskIO(out, &s, clock))
	s.SetError("net", b.net(out, &s, clock))
	if b.Filter.TopN >= 0 {
		s.SetError("procs", b.procs(out, &s, clock, memTotal))
	}
	return s
}

func file(out Output, name string) []byte { return out.Files[name] }

func missing(name string) error { return fmt.Errorf("/proc/%s: not in the output", name) }

func (b *Builder) cpu(out Output, s *entity.Snapshot) error {
	txt := file(out, "stat")
	if txt == nil {
		return missing("stat")
	}
	st, err := procfs.ParseStat(txt)
	if err != nil {
		return err
	}
	if p, ok := b.deltas.CPU("cpu", cpuTimes(st.Total, b.Info.ClkTck)); ok {
		s.CPU.Percent, s.CPU.User, s.CPU.System, s.CPU.IOWait, s.CPU.Steal = p.Busy, p.User, p.System, p.IOWait, p.Steal
	} else {
		s.RatesUnknown = true // a first reading or a counter reset: no rate yet
	}
	s.CPU.Cores = len(st.Cores)
	s.CPU.PerCore = make([]float64, len(st.Cores))
	for i, c := range st.Cores {
		if p, ok := b.deltas.CPU(c.Name, cpuTimes(c, b.Info.ClkTck)); ok {
			s.CPU.PerCore[i] = p.Busy
		} else {
			s.RatesUnknown = true // a first reading or a counter reset: no rate yet
		}
	}
	return nil
}

func cpuTimes(t procfs.CPUTimes, hz float64) engine.CPUTimes {
	f := func(v uint64) float64 { return float64(v) / hz }
	return engine.CPUTimes{User: f(t.User), Nice: f(t.Nice), System: f(t.System), Idle: f(t.Idle),
		IOWait: f(t.IOWait), IRQ: f(t.IRQ), SoftIRQ: f(t.SoftIRQ), Steal: f(t.Steal)}
}

func (b *Builder) mem(out Output, s *entity.Snapshot) (uint64, error) {
	txt := file(out, "meminfo")
	if txt == nil {
		return 0, missing("meminfo")
	}
	m, err := procfs.ParseMeminfo(txt)
	if err != nil {
		return 0, err
	}
	total, avail := m.Total(), m.Available()
	s.Mem = entity.MemStat{TotalBytes: total, AvailableBytes: avail, UsedBytes: total - avail,
		BuffersCacheBytes: m.Buffers() + m.Cached(), Percent: pct(total-avail, total)}
	s.Swap = entity.SwapStat{TotalBytes: m.SwapTotal(), UsedBytes: m.SwapUsed(), Percent: pct(m.SwapUsed(), m.SwapTotal())}
	return total, nil
}

func pct(part, whole uint64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole) * 100
}

func (b *Builder) disks(out Output, s *entity.Snapshot) error {
	if slices.Contains(out.Missing, "df") {
		return errors.New("remote has no df: install coreutils (or busybox df) to see its filesystems")
	}
	if len(out.Df) == 0 {
		return errors.New("df printed nothing (not installed, or timed out)")
	}
	es, err := procfs.ParseDf(out.Df)
	seen := map[string]bool{}
	for _, e := range es {
		if seen[e.Mount] || !b.wantMount(e.Mount, e.FSType) || e.Total == 0 {
			continue
		}
		seen[e.Mount] = true
		s.Disks = append(s.Disks, entity.DiskStat{Mount: e.Mount, Device: e.Device, FSType: e.FSType,
			TotalBytes: e.Total, UsedBytes: e.Used, FreeBytes: e.Avail, Percent: e.Percent()})
	}
	sort.Slice(s.Disks, func(i, j int) bool { return s.Disks[i].Mount < s.Disks[j].Mount })
	return err
}

func (b *Builder) wantMount(mount, fstype string) bool {
	f := b.Filter
	if len(f.Mounts) > 0 {
		return slices.Contains(f.Mounts, mount)
	}
	if slices.Contains(f.IgnoreFSTypes, fstype) {
		return false
	}
	return !engine.MatchAny(f.IgnoreMounts, mount)
}

func (b *Builder) diskIO(out Output, s *entity.Snapshot, clock time.Time) error {
	txt := file(out, "diskstats")
	if txt == nil {
		return missing("diskstats")
	}
	ds, err := procfs.ParseDiskstats(txt)
	if err != nil {
		return err
	}
	var r, w uint64
	for _, d := range ds {
		if partitionRE.MatchString(d.Name) {
			continue
		}
		r += d.ReadBytes()
		w += d.WriteBytes()
	}
	var rok, wok bool
	s.DiskIO.ReadBytesPerS, rok = b.deltas.Rate("disk_read", float64(r), clock)
	s.DiskIO.WriteBytesPerS, wok = b.deltas.Rate("disk_write", float64(w), clock)
	if !rok || !wok {
		s.RatesUnknown = true
	}
	return nil
}

func (b *Builder) net(out Output, s *entity.Snapshot, clock time.Time) error {
	txt := file(out, "net/dev")
	if txt == nil {
		return missing("net/dev")
	}
	ns, err := procfs.ParseNetDev(txt)
	if err != nil {
		return err
	}
	for _, n := range ns {
		if b.ignoreIface(n.Iface) {
			continue
		}
		stat, ok := b.deltas.NetStat(n.Iface, n.RxBytes, n.TxBytes, clock)
		if !ok {
			s.RatesUnknown = true
		}
		s.Net = append(s.Net, stat)
	}
	sort.Slice(s.Net, func(i, j int) bool { return s.Net[i].Iface < s.Net[j].Iface })
	return nil
}

func (b *Builder) ignoreIface(name string) bool { return engine.MatchAny(b.Filter.IgnoreIfaces, name) }

func (b *Builder) procs(out Output, s *entity.Snapshot, clock time.Time, memTotal uint64) error {
	if len(out.Pids) == 0 {
		return errors.New("no /proc/[pid]/stat in the output")
	}
	procs := make([]entity.ProcStat, 0, len(out.Pids))
	bad := 0
	var firstErr error
	for _, line := range out.Pids {
		ps, err := procfs.ParsePidStat(line)
		if err != nil {
			if bad++; firstErr == nil {
				firstErr = err
			}
			continue
		}
		if ps.State == 'Z' {
			continue
		}
		key := "pid:" + strconv.Itoa(int(ps.PID)) + ":" + strconv.FormatUint(ps.StartTime, 10)
		rate, _ := b.deltas.Rate(key, float64(ps.UTime+ps.STime)/b.Info.ClkTck, clock)
		rss := uint64(max(ps.RSSPages, 0)) * b.Info.PageSize
		procs = append(procs, entity.ProcStat{PID: ps.PID, Name: ps.Comm, CPUPercent: rate * 100,
			RSSBytes: rss, MemPercent: pct(rss, memTotal)})
	}
	b.deltas.Forget("pid:", clock)
	s.Procs = engine.SummarizeProcs(procs, max(b.Filter.TopN, 0), b.Filter.Keywords, b.Filter.Required)
	if bad > 0 {
		return fmt.Errorf("%d process lines did not parse, first: %w", bad, firstErr)
	}
	return nil
}
