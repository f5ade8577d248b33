package entity

import (
	"sort"
	"time"
)

// Snapshot is everything Lookout knows about one host at one instant. Its
// JSON encoding is Lookout's wire format: `lookout snapshot --json` prints it
// and the pull agent serves it at /api/v1/snapshot.
//
// Rates and percentages that need two readings (CPU, network, disk I/O,
// per-process CPU) are not known in a host's first snapshot, nor after a
// counter reset: such a snapshot has RatesUnknown set, and Value reports
// no value for those series, so stores leave a gap instead of a zero.
type Snapshot struct {
	Host    string     `json:"host"`
	Time    time.Time  `json:"time"`
	CPU     CPUStat    `json:"cpu"`
	Load    LoadStat   `json:"load"`
	Mem     MemStat    `json:"mem"`
	Swap    SwapStat   `json:"swap"`
	Disks   []DiskStat `json:"disks"`
	DiskIO  DiskIOStat `json:"disk_io"`
	Net     []NetStat  `json:"net"`
	UptimeS float64    `json:"uptime_s"`
	Temps   []TempStat `json:"temps,omitempty"`
	Procs   ProcStats  `json:"procs"`
	// Errors maps a part of the snapshot ("cpu", "disks", "sensors", ...) to
	// the error that part hit. The other parts are still filled in.
	Errors map[string]string `json:"errors,omitempty"`
	// RatesUnknown marks a snapshot taken without a previous reading of the
	// host's counters (the first after a start, a reconnect or a counter
	// reset): its CPU percentages and byte rates are placeholders (0), not
	// measurements. Value returns ok=false for those series (see
	// RateMetric), so the ring and the history record a gap and rules skip
	// it.
	RatesUnknown bool `json:"rates_unknown,omitempty"`
}

// CPUStat is processor usage over the interval since the previous snapshot,
// in percent of all cores (0–100).
type CPUStat struct {
	Percent float64   `json:"percent"`
	User    float64   `json:"user"`
	System  float64   `json:"system"`
	IOWait  float64   `json:"iowait"`
	Steal   float64   `json:"steal"`
	PerCore []float64 `json:"per_core"`
	Cores   int       `json:"cores"`
	Model   string    `json:"model,omitempty"`
}

// LoadStat is the kernel's load average.
type LoadStat struct {
	Load1  float64 `json:"load1"`
	Load5  float64 `json:"load5"`
	Load15 float64 `json:"load15"`
	// Absent is set where the operating system keeps no load average
	// (Windows): the figures above are unknown, not zero, so Value reports
	// no load series and the window shows a dash.
	Absent bool `json:"absent,omitempty"`
}

// LoadPerCore returns the 1-minute load divided by the number of cores, the
// figure load rules compare against.
func (s Snapshot) LoadPerCore() float64 {
	if s.CPU.Cores <= 0 {
		return s.Load.Load1
	}
	return s.Load.Load1 / float64(s.CPU.Cores)
}

// MemStat is physical memory. Used is Total - Available, as free(1) and
// htop count it; BuffersCache is what the kernel can give back.
type MemStat struct {
	TotalBytes        uint64  `json:"total_bytes"`
	AvailableBytes    uint64  `json:"available_bytes"`
	UsedBytes         uint64  `json:"used_bytes"`
	BuffersCacheBytes uint64  `json:"buffers_cache_bytes"`
	Percent           float64 `json:"percent"`
}

// SwapStat is swap space.
type SwapStat struct {
	TotalBytes uint64  `json:"total_bytes"`
	UsedBytes  uint64  `json:"used_bytes"`
	Percent    float64 `json:"percent"`
}

// DiskStat is one mounted filesystem's usage. Percent is used / (used +
// available to unprivileged users), as df(1) prints it.
type DiskStat struct {
	Mount      string  `json:"mount"`
	Device     string  `json:"device,omitempty"`
	FSType     string  `json:"fstype"`
	TotalBytes uint64  `json:"total_bytes"`
	UsedBytes  uint64  `json:"used_bytes"`
	FreeBytes  uint64  `json:"free_bytes"`
	Percent    float64 `json:"percent"`
}

// DiskIOStat is block-device throughput summed over whole disks (partitions
// are not counted twice).
type DiskIOStat struct {
	ReadBytesPerS  float64 `json:"read_bytes_per_s"`
	WriteBytesPerS float64 `json:"write_bytes_per_s"`
}

// NetStat is one network interface's throughput.
type NetStat struct {
	Iface        string  `json:"iface"`
	RxBytesPerS  float64 `json:"rx_bytes_per_s"`
	TxBytesPerS  float64 `json:"tx_bytes_per_s"`
	RxBytesTotal uint64  `json:"rx_bytes_total"`
	TxBytesTotal uint64  `json:"tx_bytes_total"`
}

// TempStat is one temperature sensor.
type TempStat struct {
	Sensor  string  `json:"sensor"`
	Celsius float64 `json:"celsius"`
}

// ProcStats describes the process table: the busiest processes and the
// counts of processes whose name matches configured keywords.
type ProcStats struct {
	Total  int            `json:"total"`
	TopCPU []ProcStat     `json:"top_cpu"`
	TopMem []ProcStat     `json:"top_mem"`
	Counts map[string]int `json:"counts"`
	// Missing lists required processes (per host config) that are not
	// running.
	Missing []string `json:"missing,omitempty"`
}

// ProcStat is one process.
type ProcStat struct {
	PID        int32   `json:"pid"`
	Name       string  `json:"name"`
	User       string  `json:"user,omitempty"`
	CPUPercent float64 `json:"cpu_percent"`
	RSSBytes   uint64  `json:"rss_bytes"`
	MemPercent float64 `json:"mem_percent"`
}

// FullestDisk returns the filesystem with the highest use, and false when the
// snapshot has none.
func (s Snapshot) FullestDisk() (DiskStat, bool) {
	var best DiskStat
	found := false
	for _, d := range s.Disks {
		if !found || d.Percent > best.Percent {
			best, found = d, true
		}
	}
	return best, found
}

// NetTotals returns the received and sent bytes per second summed over all
// interfaces.
func (s Snapshot) NetTotals() (rx, tx float64) {
	for _, n := range s.Net {
		rx += n.RxBytesPerS
		tx += n.TxBytesPerS
	}
	return rx, tx
}

// SetError records the error of one part of the snapshot.
func (s *Snapshot) SetError(part string, err error) {
	if err == nil {
		return
	}
	if s.Errors == nil {
		s.Errors = make(map[string]string)
	}
	s.Errors[part] = err.Error()
}

// ErrorParts returns the names of the parts that failed, sorted.
func (s Snapshot) ErrorParts() []string {
	parts := make([]string, 0, len(s.Errors))
	for p := range s.Errors {
		parts = append(parts, p)
	}
	sort.Strings(parts)
	return parts
}
