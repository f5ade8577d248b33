package agent

import (
	"bufio"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"lookout/entity"
)

// WriteMetrics writes s in the Prometheus text exposition format (0.0.4).
func WriteMetrics(w io.Writer, s entity.Snapshot) error {
	m := &metricWriter{w: bufio.NewWriter(w)}
	t := float64(s.Time.UnixNano()) / 1e9

	if !s.Load.Absent { // Windows keeps no load average
		m.family("node_load1", "gauge", "1m load average.")
		m.sample(nil, s.Load.Load1)
		m.family("node_load5", "gauge", "5m load average.")
		m.sample(nil, s.Load.Load5)
		m.family("node_load15", "gauge", "15m load average.")
		m.sample(nil, s.Load.Load15)
	}
	m.family("node_time_seconds", "gauge", "System time in seconds since epoch (1970).")
	m.sample(nil, t)
	m.family("node_boot_time_seconds", "gauge", "Node boot time, in unixtime.")
	m.sample(nil, math.Round(t-s.UptimeS))

	m.family("node_memory_MemTotal_bytes", "gauge", "Memory information field MemTotal_bytes.")
	m.sample(nil, float64(s.Mem.TotalBytes))
	m.family("node_memory_MemAvailable_bytes", "gauge", "Memory information field MemAvailable_bytes.")
	m.sample(nil, float64(s.Mem.AvailableBytes))
	m.family("node_memory_SwapTotal_bytes", "gauge", "Memory information field SwapTotal_bytes.")
	m.sample(nil, float64(s.Swap.TotalBytes))
	m.family("node_memory_SwapFree_bytes", "gauge", "Memory information field SwapFree_bytes.")
	m.sample(nil, float64(s.Swap.TotalBytes-min(s.Swap.UsedBytes, s.Swap.TotalBytes)))

	fsLabels := func(d entity.DiskStat) []string {
		return []string{"device", d.Device, "fstype", d.FSType, "mountpoint", d.Mount}
	}
	m.family("node_filesystem_size_bytes", "gauge", "Filesystem size in bytes.")
	for _, d := range s.Disks {
		m.sample(fsLabels(d), float64(d.TotalBytes))
	}
	m.family("node_filesystem_avail_bytes", "gauge", "Filesystem space available to non-root users in bytes.")
	for _, d := range s.Disks {
		m.sample(fsLabels(d), float64(d.FreeBytes))
	}
	m.family("node_network_receive_bytes_total", "counter", "Network device statistic receive_bytes.")
	for _, n := range s.Net {
		m.sample([]string{"device", n.Iface}, float64(n.RxBytesTotal))
	}
	m.family("node_network_transmit_bytes_total", "counter", "Network device statistic transmit_bytes.")
	for _, n := range s.Net {
		m.sample([]string{"device", n.Iface}, float64(n.TxBytesTotal))
	}

	m.family("lookout_cpu_usage_percent", "gauge", "CPU usage over the interval since the previous collection, in percent of all cores.")
	for _, p := range []struct {
		mode string
		v    float64
	}{{"busy", s.CPU.Percent}, {"user", s.CPU.User}, {"system", s.CPU.System}, {"iowait", s.CPU.IOWait}, {"steal", s.CPU.Steal}} {
		m.sample([]string{"mode", p.mode}, p.v)
	}
	m.family("lookout_cpu_core_usage_percent", "gauge", "Busy percent of each core.")
	for i, v := range s.CPU.PerCore {
		m.sample([]string{"cpu", strconv.Itoa(i)}, v)
	}
	m.family("lookout_cpu_cores", "gauge", "Number of cores.")
	m.sample(nil, float64(s.CPU.Cores))
	m.family("lookout_memory_used_percent", "gauge", "Memory used (total - available) in percent.")
	m.sample(nil, s.Mem.Percent)
	m.family("lookout_swap_used_percent", "gauge", "Swap used in percent.")
	m.sample(nil, s.Swap.Percent)
	m.family("lookout_filesystem_used_percent", "gauge", "Filesystem used / (used + available) in percent, as df.")
	for _, d := range s.Disks {
		m.sample(fsLabels(d), d.Percent)
	}
	m.family("lookout_disk_read_bytes_per_second", "gauge", "Bytes read from whole disks per second.")
	m.sample(nil, s.DiskIO.ReadBytesPerS)
	m.family("lookout_disk_written_bytes_per_second", "gauge", "Bytes written to whole disks per second.")
	m.sample(nil, s.DiskIO.WriteBytesPerS)
	m.family("lookout_network_receive_bytes_per_second", "gauge", "Bytes received per second.")
	for _, n := range s.Net {
		m.sample([]string{"device", n.Iface}, n.RxBytesPerS)
	}
	m.family("lookout_network_transmit_bytes_per_second", "gauge", "Bytes sent per second.")
	for _, n := range s.Net {
		m.sample([]string{"device", n.Iface}, n.TxBytesPerS)
	}
	m.family("lookout_temperature_celsius", "gauge", "Temperature sensors.")
	for _, t := range s.Temps {
		m.sample([]string{"sensor", t.Sensor}, t.Celsius)
	}
	m.family("lookout_processes", "gauge", "Number of processes.")
	m.sample(nil, float64(s.Procs.Total))
	m.family("lookout_process_keyword_count", "gauge", "Processes whose name contains the keyword.")
	for _, k := range sortedKeys(s.Procs.Counts) {
		m.sample([]string{"keyword", k}, float64(s.Procs.Counts[k]))
	}
	m.family("lookout_process_missing", "gauge", "1 for each required process that is not running.")
	for _, n := range s.Procs.Missing {
		m.sample([]string{"name", n}, 1)
	}
	m.family("lookout_collect_error", "gauge", "1 for each part of the snapshot that could not be read.")
	for _, p := range s.ErrorParts() {
		m.sample([]string{"part", p}, 1)
	}
	return m.w.Flush()
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

type metricWriter struct {
	w    *bufio.Writer
	name string
}

func (m *metricWriter) family(name, typ, help string) {
	m.name = name
	m.w.WriteString("# HELP " + name + " " + escapeHelp(help) + "\n# TYPE " + name + " " + typ + "\n")
}

// sample writes one sample of the current family; labels are name, value
// pairs.
func (m *metricWriter) sample(labels []string, v float64) {
	m.w.WriteString(m.name)
	if len(labels) > 0 {
		m.w.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				m.w.WriteByte(',')
			}
			m.w.WriteString(labels[i] + `="` + escapeLabel(labels[i+1]) + `"`)
		}
		m.w.WriteByte('}')
	}
	m.w.WriteByte(' ')
	m.w.WriteString(formatFloat(v))
	m.w.WriteByte('\n')
}

var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

func escapeLabel(s string) string { return labelEscaper.Replace(strings.ToValidUTF8(s, "\uFFFD")) }
func escapeHelp(s string) string  { return helpEscaper.Replace(s) }

func formatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
