package engine

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"lookout/entity"
)

// Bounds of what one snapshot may carry. A remote host (agent,
// node_exporter, SSH) is not trusted to send a sane amount of data: every
// series costs memory and CPU in the ring, the history and the rules.
const (
	MaxCores     = 4096 // CPU.Cores and CPU.PerCore
	MaxDisks     = 512  // Disks
	MaxIfaces    = 512  // Net
	MaxTemps     = 256  // Temps
	MaxTopProcs  = 100  // Procs.TopCPU and Procs.TopMem each
	MaxNames     = 64   // Procs.Counts and Procs.Missing
	MaxErrors    = 32   // Errors
	MaxStringLen = 256  // bytes of any name (mount, device, interface, process, ...)
	MaxProcs     = 10_000_000
)

// pctSlack is how far a percentage may stray outside 0–100 by rounding
// before it is refused.
const pctSlack = 0.5

// ErrInvalidSnapshot is wrapped by Sanitize's errors.
var ErrInvalidSnapshot = errors.New("invalid snapshot")

// Sanitize is the one check every snapshot passes before it is stored or
// shown (the sampler calls it after each successful poll, whatever the
// collector). It does two things:
//
//   - It bounds the size: lists longer than their Max* are cut, and names
//     longer than MaxStringLen are shortened (on a UTF-8 boundary); what
//     was cut is said in Errors["limits"]. The snapshot stays usable.
//   - It refuses impossible values: NaN or ±Inf anywhere, more than
//     MaxCores cores, a percentage outside 0–100 (beyond rounding), used
//     above total, negative rates, loads, counts or uptime. The error
//     names the field (e.g. "disks[/data].percent = 900"): the sampler
//     counts the poll as failed with it, so nothing of a lying host is
//     stored and no rule fires on it.
func Sanitize(s *entity.Snapshot) error {
	var cut []string
	note := func(what string, n, max int) {
		cut = append(cut, fmt.Sprintf("%s: %d, only the first %d kept", what, n, max))
	}
	if n := max(s.CPU.Cores, len(s.CPU.PerCore)); n > MaxCores {
		return invalid("cpu.cores = %d (more than %d)", n, MaxCores)
	}
	if n := len(s.Disks); n > MaxDisks {
		s.Disks = s.Disks[:MaxDisks:MaxDisks]
		note("disks", n, MaxDisks)
	}
	if n := len(s.Net); n > MaxIfaces {
		s.Net = s.Net[:MaxIfaces:MaxIfaces]
		note("net", n, MaxIfaces)
	}
	if n := len(s.Temps); n > MaxTemps {
		s.Temps = s.Temps[:MaxTemps:MaxTemps]
		note("temps", n, MaxTemps)
	}
	if n := len(s.Procs.TopCPU); n > MaxTopProcs {
		s.Procs.TopCPU = s.Procs.TopCPU[:MaxTopProcs:MaxTopProcs]
		note("procs.top_cpu", n, MaxTopProcs)
	}
	if n := len(s.Procs.TopMem); n > MaxTopProcs {
		s.Procs.TopMem = s.Procs.TopMem[:MaxTopProcs:MaxTopProcs]
		note("procs.top_mem", n, MaxTopProcs)
	}
	if n := len(s.Procs.Missing); n > MaxNames {
		s.Procs.Missing = s.Procs.Missing[:MaxNames:MaxNames]
		note("procs.missing", n, MaxNames)
	}
	if n := len(s.Procs.Counts); n > MaxNames {
		s.Procs.Counts = keepFirst(s.Procs.Counts, MaxNames)
		note("procs.counts", n, MaxNames)
	}
	if n := len(s.Errors); n > MaxErrors {
		s.Errors = keepFirst(s.Errors, MaxErrors)
		note("errors", n, MaxErrors)
	}
	long := 0
	short := func(p *string) {
		if len(*p) > MaxStringLen {
			*p = truncUTF8(*p, MaxStringLen)
			long++
		}
	}
	short(&s.CPU.Model)
	for i := range s.Disks {
		short(&s.Disks[i].Mount)
		short(&s.Disks[i].Device)
		short(&s.Disks[i].FSType)
	}
	for i := range s.Net {
		short(&s.Net[i].Iface)
	}
	for i := range s.Temps {
		short(&s.Temps[i].Sensor)
	}
	for _, ps := range [][]entity.ProcStat{s.Procs.TopCPU, s.Procs.TopMem} {
		for i := range ps {
			short(&ps[i].Name)
			short(&ps[i].User)
		}
	}
	for i := range s.Procs.Missing {
		short(&s.Procs.Missing[i])
	}
	s.Procs.Counts = shortKeys(s.Procs.Counts, &long)
	for k, v := range s.Errors {
		if len(v) > 4*MaxStringLen {
			s.Errors[k] = truncUTF8(v, 4*MaxStringLen)
		}
	}
	s.Errors = shortKeys(s.Errors, &long)
	if long > 0 {
		cut = append(cut, fmt.Sprintf("%d names longer than %d bytes shortened", long, MaxStringLen))
	}
	if err := checkValues(s); err != nil {
		return err
	}
	if len(cut) > 0 {
		sort.Strings(cut)
		s.SetError("limits", errors.New(strings.Join(cut, "; ")))
	}
	return nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidSnapshot}, args...)...)
}

// checkValues refuses impossible figures, naming the first one found.
func checkValues(s *entity.Snapshot) error {
	type field struct {
		name     string
		v        float64
		min, max float64
	}
	pct := func(name string, v float64) field { return field{name, v, -pctSlack, 100 + pctSlack} }
	nonNeg := func(name string, v float64) field { return field{name, v, 0, math.MaxFloat64} }
	fs := []field{
		pct("cpu.percent", s.CPU.Percent), pct("cpu.user", s.CPU.User), pct("cpu.system", s.CPU.System),
		pct("cpu.iowait", s.CPU.IOWait), pct("cpu.steal", s.CPU.Steal),
		nonNeg("load.load1", s.Load.Load1), nonNeg("load.load5", s.Load.Load5), nonNeg("load.load15", s.Load.Load15),
		pct("mem.percent", s.Mem.Percent), pct("swap.percent", s.Swap.Percent),
		nonNeg("disk_io.read_bytes_per_s", s.DiskIO.ReadBytesPerS), nonNeg("disk_io.write_bytes_per_s", s.DiskIO.WriteBytesPerS),
		nonNeg("uptime_s", s.UptimeS),
		{"procs.total", float64(s.Procs.Total), 0, MaxProcs},
	}
	for i, p := range s.CPU.PerCore {
		fs = append(fs, pct(fmt.Sprintf("cpu.per_core[%d]", i), p))
	}
	for _, d := range s.Disks {
		fs = append(fs, pct("disks["+d.Mount+"].percent", d.Percent))
	}
	for _, n := range s.Net {
		fs = append(fs, nonNeg("net["+n.Iface+"].rx_bytes_per_s", n.RxBytesPerS), nonNeg("net["+n.Iface+"].tx_bytes_per_s", n.TxBytesPerS))
	}
	for _, t := range s.Temps {
		fs = append(fs, field{"temps[" + t.Sensor + "].celsius", t.Celsius, -273.15, 1000})
	}
	coreCap := 100*float64(max(s.CPU.Cores, len(s.CPU.PerCore), 1)) + pctSlack
	for _, list := range []struct {
		name string
		ps   []entity.ProcStat
	}{{"procs.top_cpu", s.Procs.TopCPU}, {"procs.top_mem", s.Procs.TopMem}} {
		for _, p := range list.ps {
			at := fmt.Sprintf("%s[%d]", list.name, p.PID)
			fs = append(fs, field{at + ".cpu_percent", p.CPUPercent, -pctSlack, coreCap}, pct(at+".mem_percent", p.MemPercent))
		}
	}
	for _, f := range fs {
		switch {
		case math.IsNaN(f.v) || math.IsInf(f.v, 0):
			return invalid("%s = %v", f.name, f.v)
		case f.v < f.min || f.v > f.max:
			return invalid("%s = %v (outside %v–%v)", f.name, f.v, f.min, f.max)
		}
	}
	for name, n := range s.Procs.Counts {
		if n < 0 || n > MaxProcs {
			return invalid("procs.counts[%s] = %d", name, n)
		}
	}
	if s.Mem.UsedBytes > s.Mem.TotalBytes || s.Mem.AvailableBytes > s.Mem.TotalBytes {
		return invalid("mem: used %d / available %d bytes of a total of %d", s.Mem.UsedBytes, s.Mem.AvailableBytes, s.Mem.TotalBytes)
	}
	if s.Swap.UsedBytes > s.Swap.TotalBytes {
		return invalid("swap: used %d bytes of a total of %d", s.Swap.UsedBytes, s.Swap.TotalBytes)
	}
	for _, d := range s.Disks {
		if d.UsedBytes > d.TotalBytes {
			return invalid("disks[%s]: used %d bytes of a total of %d", d.Mount, d.UsedBytes, d.TotalBytes)
		}
	}
	return nil
}

// keepFirst keeps the n smallest keys of m (a stable choice).
func keepFirst[V any](m map[string]V, n int) map[string]V {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]V, n)
	for _, k := range keys[:n] {
		out[k] = m[k]
	}
	return out
}

// shortKeys returns m with keys longer than MaxStringLen shortened,
// counting them in *long. m is returned as is when no key is too long.
func shortKeys[V any](m map[string]V, long *int) map[string]V {
	found := false
	for k := range m {
		if len(k) > MaxStringLen {
			found = true
			break
		}
	}
	if !found {
		return m
	}
	out := make(map[string]V, len(m))
	for k, v := range m {
		if len(k) > MaxStringLen {
			k = truncUTF8(k, MaxStringLen)
			*long++
		}
		out[k] = v
	}
	return out
}

// truncUTF8 cuts s to at most n bytes without splitting a character.
func truncUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
