package expose

import (
	"io"
	"sort"
	"strconv"

	"lookout/entity"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// Source returns the snapshots to expose, one per host.
type Source func() []entity.Snapshot

// Snapshots is a prometheus.Collector of the newest snapshot of every host
// a Source returns. It is unchecked (describes nothing), because the set of
// filesystems, interfaces and sensors changes from host to host.
type Snapshots struct{ src Source }

// NewSnapshots returns a collector reading src at every scrape.
func NewSnapshots(src Source) *Snapshots { return &Snapshots{src: src} }

// Describe implements prometheus.Collector; it sends nothing.
func (c *Snapshots) Describe(chan<- *prometheus.Desc) {}

type desc struct {
	d *prometheus.Desc
	t prometheus.ValueType
}

func newDesc(name, help string, t prometheus.ValueType, labels ...string) desc {
	return desc{prometheus.NewDesc(name, help, append([]string{"host"}, labels...), nil), t}
}

var (
	dUp        = newDesc("lookout_snapshot_timestamp_seconds", "When the host's newest snapshot was taken.", prometheus.GaugeValue)
	dCPU       = newDesc("lookout_cpu_usage_percent", "Processor use over the last interval, percent of all cores.", prometheus.GaugeValue)
	dCPUMode   = newDesc("lookout_cpu_mode_percent", "Processor time by mode over the last interval, percent of all cores.", prometheus.GaugeValue, "mode")
	dCPUCore   = newDesc("lookout_cpu_core_usage_percent", "Use of one core over the last interval, percent.", prometheus.GaugeValue, "cpu")
	dCores     = newDesc("lookout_cpu_cores", "Number of logical processors.", prometheus.GaugeValue)
	dLoad1     = newDesc("node_load1", "1m load average.", prometheus.GaugeValue)
	dLoad5     = newDesc("node_load5", "5m load average.", prometheus.GaugeValue)
	dLoad15    = newDesc("node_load15", "15m load average.", prometheus.GaugeValue)
	dMemTotal  = newDesc("node_memory_MemTotal_bytes", "Physical memory.", prometheus.GaugeValue)
	dMemAvail  = newDesc("node_memory_MemAvailable_bytes", "Memory available without swapping.", prometheus.GaugeValue)
	dMemPct    = newDesc("lookout_memory_used_percent", "Memory used (total - available), percent.", prometheus.GaugeValue)
	dSwapTotal = newDesc("node_memory_SwapTotal_bytes", "Swap space.", prometheus.GaugeValue)
	dSwapFree  = newDesc("node_memory_SwapFree_bytes", "Unused swap space.", prometheus.GaugeValue)
	dSwapPct   = newDesc("lookout_swap_used_percent", "Swap used, percent.", prometheus.GaugeValue)
	dFSSize    = newDesc("node_filesystem_size_bytes", "Filesystem size.", prometheus.GaugeValue, "device", "fstype", "mountpoint")
	dFSAvail   = newDesc("node_filesystem_avail_bytes", "Filesystem space available to unprivileged users.", prometheus.GaugeValue, "device", "fstype", "mountpoint")
	dFSPct     = newDesc("lookout_filesystem_used_percent", "Filesystem use as df prints it, percent.", prometheus.GaugeValue, "device", "fstype", "mountpoint")
	dRead      = newDesc("lookout_disk_read_bytes_per_second", "Bytes read from whole disks per second.", prometheus.GaugeValue)
	dWrite     = newDesc("lookout_disk_written_bytes_per_second", "Bytes written to whole disks per second.", prometheus.GaugeValue)
	dRx        = newDesc("node_network_receive_bytes_total", "Bytes received by an interface.", prometheus.CounterValue, "device")
	dTx        = newDesc("node_network_transmit_bytes_total", "Bytes sent by an interface.", prometheus.CounterValue, "device")
	dRxRate    = newDesc("lookout_network_receive_bytes_per_second", "Bytes received per second.", prometheus.GaugeValue, "device")
	dTxRate    = newDesc("lookout_network_transmit_bytes_per_second", "Bytes sent per second.", prometheus.GaugeValue, "device")
	dBoot      = newDesc("node_boot_time_seconds", "When the host booted, Unix time.", prometheus.GaugeValue)
	dTemp      = newDesc("node_hwmon_temp_celsius", "Temperature of a sensor.", prometheus.GaugeValue, "sensor")
	dProcs     = newDesc("lookout_processes", "Number of processes.", prometheus.GaugeValue)
	dProcCount = newDesc("lookout_processes_matching", "Processes whose name contains a configured keyword.", prometheus.GaugeValue, "keyword")
	dMissing   = newDesc("lookout_process_missing", "1 for a required process that is not running.", prometheus.GaugeValue, "name")
	dPartErr   = newDesc("lookout_snapshot_part_error", "1 for a part of the snapshot that could not be read.", prometheus.GaugeValue, "part")
)

// Collect implements prometheus.Collector.
func (c *Snapshots) Collect(ch chan<- prometheus.Metric) {
	snaps := c.src()
	sort.Slice(snaps, func(i, j int) bool { return snaps[i].Host < snaps[j].Host })
	for _, s := range snaps {
		collectSnapshot(ch, s)
	}
}

func collectSnapshot(ch chan<- prometheus.Metric, s entity.Snapshot) {
	h := s.Host
	emit := func(d desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d.d, d.t, v, append([]string{h}, labels...)...)
	}
	emit(dUp, float64(s.Time.UnixMilli())/1000)
	emit(dCPU, s.CPU.Percent)
	for _, m := range []struct {
		mode string
		v    float64
	}{{"user", s.CPU.User}, {"system", s.CPU.System}, {"iowait", s.CPU.IOWait}, {"steal", s.CPU.Steal}} {
		emit(dCPUMode, m.v, m.mode)
	}
	for i, v := range s.CPU.PerCore {
		emit(dCPUCore, v, strconv.Itoa(i))
	}
	if s.CPU.Cores > 0 {
		emit(dCores, float64(s.CPU.Cores))
	}
	if !s.Load.Absent { // Windows keeps no load average
		emit(dLoad1, s.Load.Load1)
		emit(dLoad5, s.Load.Load5)
		emit(dLoad15, s.Load.Load15)
	}
	if s.Mem.TotalBytes > 0 {
		emit(dMemTotal, float64(s.Mem.TotalBytes))
		emit(dMemAvail, float64(s.Mem.AvailableBytes))
		emit(dMemPct, s.Mem.Percent)
	}
	emit(dSwapTotal, float64(s.Swap.TotalBytes))
	emit(dSwapFree, float64(s.Swap.TotalBytes-min(s.Swap.UsedBytes, s.Swap.TotalBytes)))
	emit(dSwapPct, s.Swap.Percent)
	for _, d := range s.Disks {
		emit(dFSSize, float64(d.TotalBytes), d.Device, d.FSType, d.Mount)
		emit(dFSAvail, float64(d.FreeBytes), d.Device, d.FSType, d.Mount)
		emit(dFSPct, d.Percent, d.Device, d.FSType, d.Mount)
	}
	emit(dRead, s.DiskIO.ReadBytesPerS)
	emit(dWrite, s.DiskIO.WriteBytesPerS)
	for _, n := range s.Net {
		emit(dRx, float64(n.RxBytesTotal), n.Iface)
		emit(dTx, float64(n.TxBytesTotal), n.Iface)
		emit(dRxRate, n.RxBytesPerS, n.Iface)
		emit(dTxRate, n.TxBytesPerS, n.Iface)
	}
	if s.UptimeS > 0 {
		emit(dBoot, float64(s.Time.Unix())-s.UptimeS)
	}
	for _, t := range s.Temps {
		emit(dTemp, t.Celsius, t.Sensor)
	}
	if s.Procs.Total > 0 {
		emit(dProcs, float64(s.Procs.Total))
	}
	for _, k := range sortedKeys(s.Procs.Counts) {
		emit(dProcCount, float64(s.Procs.Counts[k]), k)
	}
	for _, m := range s.Procs.Missing {
		emit(dMissing, 1, m)
	}
	for _, p := range s.ErrorParts() {
		emit(dPartErr, 1, p)
	}
}

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Write writes snaps in the Prometheus text format (version 0.0.4), for a
// caller without an HTTP server or registry of its own.
func Write(w io.Writer, snaps []entity.Snapshot) error {
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(NewSnapshots(func() []entity.Snapshot { return snaps })); err != nil {
		return err
	}
	fams, err := reg.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range fams {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return nil
}
