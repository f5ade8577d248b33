package entity

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Metric names a series that can be read from a Snapshot. Plain names are
// host-wide; names with a colon select one member:
//
//	cpu, cpu_user, cpu_system, cpu_iowait, cpu_steal   percent of all cores
//	cpu_core:N                                         percent of core N
//	mem, swap                                          percent used
//	disk:MOUNT                                         percent used of one filesystem
//	disk_max                                           percent used of the fullest filesystem
//	disk_read, disk_write                              bytes per second
//	load1, load5, load15, load_per_core                load average
//	net_rx, net_tx                                     bytes per second, all interfaces
//	net_rx:IFACE, net_tx:IFACE                         bytes per second, one interface
//	temp_max, temp:SENSOR                              degrees Celsius
//	procs                                              number of processes
//	procs_count:KEYWORD                                processes whose name matches a count_processes keyword
type Metric = string

// Well-known metric names.
const (
	MetricCPU         Metric = "cpu"
	MetricMem         Metric = "mem"
	MetricSwap        Metric = "swap"
	MetricDiskMax     Metric = "disk_max"
	MetricLoad1       Metric = "load1"
	MetricLoadPerCore Metric = "load_per_core"
	MetricNetRx       Metric = "net_rx"
	MetricNetTx       Metric = "net_tx"
	MetricDiskRead    Metric = "disk_read"
	MetricDiskWrite   Metric = "disk_write"
	MetricTempMax     Metric = "temp_max"
)

// RateMetric reports whether metric m needs two readings of a counter
// (CPU percentages, disk and network byte rates): such series have no
// value in a snapshot with RatesUnknown set.
func RateMetric(m Metric) bool {
	name, _, _ := strings.Cut(m, ":")
	switch name {
	case "cpu", "cpu_user", "cpu_system", "cpu_iowait", "cpu_steal", "cpu_core",
		"net_rx", "net_tx", "disk_read", "disk_write":
		return true
	}
	return false
}

// loadMetric reports whether the plain metric name is a load average
// series, which a snapshot with Load.Absent does not carry.
func loadMetric(name string) bool {
	switch name {
	case "load1", "load5", "load15", "load_per_core":
		return true
	}
	return false
}

// Value reads metric m from s. ok is false when the snapshot has no such
// series (an unknown mount, no sensors, no load average on Windows) and,
// for a RateMetric, when s.RatesUnknown is set (the first reading has no
// rate yet: a gap, not 0).
func (s Snapshot) Value(m Metric) (v float64, ok bool) {
	if s.RatesUnknown && RateMetric(m) {
		return 0, false
	}
	name, member, _ := strings.Cut(m, ":")
	if s.Load.Absent && loadMetric(name) {
		return 0, false
	}
	switch name {
	case "cpu":
		return s.CPU.Percent, true
	case "cpu_user":
		return s.CPU.User, true
	case "cpu_system":
		return s.CPU.System, true
	case "cpu_iowait":
		return s.CPU.IOWait, true
	case "cpu_steal":
		return s.CPU.Steal, true
	case "cpu_core":
		for i, p := range s.CPU.PerCore {
			if strconv.Itoa(i) == member {
				return p, true
			}
		}
	case "mem":
		return s.Mem.Percent, s.Mem.TotalBytes > 0
	case "swap":
		return s.Swap.Percent, true
	case "disk":
		for _, d := range s.Disks {
			if d.Mount == member {
				return d.Percent, true
			}
		}
	case "disk_max":
		d, ok := s.FullestDisk()
		return d.Percent, ok
	case "disk_read":
		return s.DiskIO.ReadBytesPerS, true
	case "disk_write":
		return s.DiskIO.WriteBytesPerS, true
	case "load1":
		return s.Load.Load1, true
	case "load5":
		return s.Load.Load5, true
	case "load15":
		return s.Load.Load15, true
	case "load_per_core":
		return s.LoadPerCore(), true
	case "net_rx", "net_tx":
		if member == "" {
			rx, tx := s.NetTotals()
			if name == "net_rx" {
				return rx, true
			}
			return tx, true
		}
		for _, n := range s.Net {
			if n.Iface == member {
				if name == "net_rx" {
					return n.RxBytesPerS, true
				}
				return n.TxBytesPerS, true
			}
		}
	case "temp_max":
		if len(s.Temps) == 0 {
			return 0, false
		}
		max := math.Inf(-1)
		for _, t := range s.Temps {
			max = math.Max(max, t.Celsius)
		}
		return max, true
	case "temp":
		for _, t := range s.Temps {
			if t.Sensor == member {
				return t.Celsius, true
			}
		}
	case "procs":
		return float64(s.Procs.Total), true
	case "procs_count":
		n, ok := s.Procs.Counts[member]
		return float64(n), ok
	}
	return 0, false
}

// Each calls f with every series s carries that has a value, in the order
// of Metrics: one pass over the snapshot, where Metrics followed by Value
// for each would scan the per-core, disk and interface lists once per
// series (quadratic in their length). Stores append through it.
func (s Snapshot) Each(f func(m Metric, v float64)) {
	rates := !s.RatesUnknown
	if rates {
		f("cpu", s.CPU.Percent)
		f("cpu_user", s.CPU.User)
		f("cpu_system", s.CPU.System)
		f("cpu_iowait", s.CPU.IOWait)
		f("cpu_steal", s.CPU.Steal)
	}
	if s.Mem.TotalBytes > 0 {
		f("mem", s.Mem.Percent)
	}
	f("swap", s.Swap.Percent)
	if !s.Load.Absent {
		f("load1", s.Load.Load1)
		f("load5", s.Load.Load5)
		f("load15", s.Load.Load15)
		f("load_per_core", s.LoadPerCore())
	}
	if rates {
		rx, tx := s.NetTotals()
		f("net_rx", rx)
		f("net_tx", tx)
		f("disk_read", s.DiskIO.ReadBytesPerS)
		f("disk_write", s.DiskIO.WriteBytesPerS)
	}
	f("procs", float64(s.Procs.Total))
	if d, ok := s.FullestDisk(); ok {
		f("disk_max", d.Percent)
	}
	if v, ok := s.Value("temp_max"); ok {
		f("temp_max", v)
	}
	if rates {
		for i, p := range s.CPU.PerCore {
			f("cpu_core:"+strconv.Itoa(i), p)
		}
	}
	// A member listed twice reads as its first occurrence, as Value does.
	seen := make(map[string]bool, len(s.Disks)+len(s.Net)+len(s.Temps))
	for _, d := range s.Disks {
		if k := "disk:" + d.Mount; !seen[k] {
			seen[k] = true
			f(k, d.Percent)
		}
	}
	if rates {
		for _, n := range s.Net {
			if k := "net_rx:" + n.Iface; !seen[k] {
				seen[k] = true
				f(k, n.RxBytesPerS)
				f("net_tx:"+n.Iface, n.TxBytesPerS)
			}
		}
	}
	for _, t := range s.Temps {
		if k := "temp:" + t.Sensor; !seen[k] {
			seen[k] = true
			f(k, t.Celsius)
		}
	}
	for _, kw := range s.countKeywords() {
		f("procs_count:"+kw, float64(s.Procs.Counts[kw]))
	}
}

// countKeywords are the keywords of Procs.Counts, sorted.
func (s Snapshot) countKeywords() []string {
	if len(s.Procs.Counts) == 0 {
		return nil
	}
	kws := make([]string, 0, len(s.Procs.Counts))
	for kw := range s.Procs.Counts {
		kws = append(kws, kw)
	}
	sort.Strings(kws)
	return kws
}

// Metrics lists every series s carries, host-wide ones first. The ring
// buffer records exactly these.
func (s Snapshot) Metrics() []Metric {
	ms := []Metric{"cpu", "cpu_user", "cpu_system", "cpu_iowait", "cpu_steal", "mem", "swap",
		"load1", "load5", "load15", "load_per_core", "net_rx", "net_tx", "disk_read", "disk_write", "procs"}
	if len(s.Disks) > 0 {
		ms = append(ms, "disk_max")
	}
	if len(s.Temps) > 0 {
		ms = append(ms, "temp_max")
	}
	for i := range s.CPU.PerCore {
		ms = append(ms, "cpu_core:"+strconv.Itoa(i))
	}
	for _, d := range s.Disks {
		ms = append(ms, "disk:"+d.Mount)
	}
	for _, n := range s.Net {
		ms = append(ms, "net_rx:"+n.Iface, "net_tx:"+n.Iface)
	}
	for _, t := range s.Temps {
		ms = append(ms, "temp:"+t.Sensor)
	}
	for _, kw := range s.countKeywords() {
		ms = append(ms, "procs_count:"+kw)
	}
	return ms
}

// IsPercent reports whether metric m is measured in percent (0–100).
func IsPercent(m Metric) bool {
	name, _, _ := strings.Cut(m, ":")
	switch name {
	case "cpu", "cpu_user", "cpu_system", "cpu_iowait", "cpu_steal", "cpu_core", "mem", "swap", "disk", "disk_max":
		return true
	}
	return false
}
