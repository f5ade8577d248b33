package entity

import (
	"math"
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

// Value reads metric m from s. ok is false when the snapshot has no such
// series (an unknown mount, no sensors).
func (s Snapshot) Value(m Metric) (v float64, ok bool) {
	name, member, _ := strings.Cut(m, ":")
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
	}
	return 0, false
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
