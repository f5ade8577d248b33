package prom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"

	"lookout/entity"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"lookout/engine"
	"lookout/engine/collect/local"
)

// Families are the metric families of one scrape, by name.
type Families map[string]*dto.MetricFamily

// maxScrape bounds the bytes read from an endpoint: node_exporter's output
// is ~100 KB; a misconfigured URL must not fill memory.
const maxScrape = 16 << 20

// ParseText parses the Prometheus text exposition format.
func ParseText(r io.Reader) (Families, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		return nil, fmt.Errorf("parse metrics: %w", err)
	}
	return fams, nil
}

// Options configure a NodeExporter collector.
type Options struct {
	Host string // the snapshot's host name
	URL  string // the metrics endpoint, e.g. http://host:9100/metrics
	// Client does the requests (http.DefaultClient if nil); the poll's
	// context bounds each one.
	Client *http.Client
	// Mounts, IgnoreFSTypes, IgnoreMounts and IgnoreIfaces filter
	// filesystems and interfaces as for the local collector; nil means its
	// defaults.
	Mounts                      []string
	IgnoreFSTypes, IgnoreMounts []string
	IgnoreIfaces                []string
	// Now is the clock of the snapshot's time (time.Now if nil).
	Now func() time.Time
}

// NodeExporter collects one host from its node_exporter endpoint.
type NodeExporter struct {
	opt    Options
	deltas *engine.Deltas
}

// NewNodeExporter returns the collector of one node_exporter endpoint.
func NewNodeExporter(opt Options) *NodeExporter {
	if opt.Client == nil {
		opt.Client = http.DefaultClient
	}
	if opt.IgnoreFSTypes == nil {
		opt.IgnoreFSTypes = local.DefaultIgnoreFSTypes
	}
	if opt.IgnoreMounts == nil {
		opt.IgnoreMounts = local.DefaultIgnoreMounts
	}
	if opt.IgnoreIfaces == nil {
		opt.IgnoreIfaces = []string{"lo"}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &NodeExporter{opt: opt, deltas: engine.NewDeltas()}
}

// Collect scrapes the endpoint once. Rates and CPU percentages are zero in
// the first snapshot.
func (c *NodeExporter) Collect(ctx context.Context) (entity.Snapshot, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.opt.URL, nil)
	if err != nil {
		return entity.Snapshot{}, &engine.PollError{Kind: entity.KindProtocol, Err: err}
	}
	// Ask for the text format: expfmt parses it, and node_exporter serves
	// it to every client.
	req.Header.Set("Accept", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
	resp, err := c.opt.Client.Do(req)
	if err != nil {
		return entity.Snapshot{}, classify(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		kind := entity.KindProtocol
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
			kind = entity.KindAuth
		}
		return entity.Snapshot{}, &engine.PollError{Kind: kind, Err: fmt.Errorf("%s: %s", redact(c.opt.URL), resp.Status)}
	}
	fams, err := ParseText(io.LimitReader(resp.Body, maxScrape))
	if err != nil {
		return entity.Snapshot{}, &engine.PollError{Kind: entity.KindProtocol, Err: fmt.Errorf("%s: %w", redact(c.opt.URL), err)}
	}
	return c.Snapshot(fams, c.opt.Now()), nil
}

// Snapshot maps one scrape onto a snapshot taken at now, updating the
// collector's rates. It is the pure half of Collect.
func (c *NodeExporter) Snapshot(f Families, now time.Time) entity.Snapshot {
	s := entity.Snapshot{Host: c.opt.Host, Time: now}
	// Rates are measured on the exporter's clock when it reports it, so a
	// slow scrape does not distort them.
	at := now
	if v, ok := f.value("node_time_seconds", nil); ok {
		at = time.UnixMilli(int64(v * 1000))
	}
	c.cpu(f, &s, at)
	c.memory(f, &s)
	s.Load = entity.LoadStat{Load1: f.must("node_load1"), Load5: f.must("node_load5"), Load15: f.must("node_load15")}
	c.filesystems(f, &s)
	c.network(f, &s, at)
	c.diskIO(f, &s, at)
	if boot, ok := f.value("node_boot_time_seconds", nil); ok {
		s.UptimeS = max(float64(at.UnixMilli())/1000-boot, 0)
	}
	for _, m := range f.metrics("node_hwmon_temp_celsius") {
		name := label(m, "chip") + "/" + label(m, "sensor")
		s.Temps = append(s.Temps, entity.TempStat{Sensor: name, Celsius: value(m)})
	}
	running, okR := f.value("node_procs_running", nil)
	blocked, _ := f.value("node_procs_blocked", nil)
	if okR {
		// node_exporter has no process table; these are the runnable ones.
		s.Procs.Total = int(running + blocked)
	}
	return s
}

func (c *NodeExporter) cpu(f Families, s *entity.Snapshot, at time.Time) {
	per := map[int]*engine.CPUTimes{}
	for _, m := range f.metrics("node_cpu_seconds_total") {
		n, err := strconv.Atoi(label(m, "cpu"))
		if err != nil {
			continue
		}
		t := per[n]
		if t == nil {
			t = &engine.CPUTimes{}
			per[n] = t
		}
		v := value(m)
		switch label(m, "mode") {
		case "user":
			t.User = v
		case "nice":
			t.Nice = v
		case "system":
			t.System = v
		case "idle":
			t.Idle = v
		case "iowait":
			t.IOWait = v
		case "irq":
			t.IRQ = v
		case "softirq":
			t.SoftIRQ = v
		case "steal":
			t.Steal = v
		}
	}
	if len(per) == 0 {
		s.SetError("cpu", errors.New("no node_cpu_seconds_total (cpu collector disabled?)"))
		return
	}
	cores := make([]int, 0, len(per))
	for n := range per {
		cores = append(cores, n)
	}
	sort.Ints(cores)
	var total engine.CPUTimes
	s.CPU.Cores = len(cores)
	s.CPU.PerCore = make([]float64, len(cores))
	for i, n := range cores {
		t := *per[n]
		total.User += t.User
		total.Nice += t.Nice
		total.System += t.System
		total.Idle += t.Idle
		total.IOWait += t.IOWait
		total.IRQ += t.IRQ
		total.SoftIRQ += t.SoftIRQ
		total.Steal += t.Steal
		if p, ok := c.deltas.CPU("cpu"+strconv.Itoa(n), t); ok {
			s.CPU.PerCore[i] = p.Busy
		} else {
			s.RatesUnknown = true // a first reading or a counter reset: no rate yet
		}
	}
	if p, ok := c.deltas.CPU("cpu", total); ok {
		s.CPU.Percent, s.CPU.User, s.CPU.System, s.CPU.IOWait, s.CPU.Steal = p.Busy, p.User, p.System, p.IOWait, p.Steal
	} else {
		s.RatesUnknown = true // a first reading or a counter reset: no rate yet
	}
	for _, m := range f.metrics("node_cpu_info") {
		if name := label(m, "model_name"); name != "" {
			s.CPU.Model = name
			break
		}
	}
}

func (c *NodeExporter) memory(f Families, s *entity.Snapshot) {
	total, ok := f.value("node_memory_MemTotal_bytes", nil)
	if !ok {
		s.SetError("mem", errors.New("no node_memory_MemTotal_bytes (meminfo collector disabled?)"))
		return
	}
	avail, ok := f.value("node_memory_MemAvailable_bytes", nil)
	if !ok { // kernels before 3.14
		avail = f.must("node_memory_MemFree_bytes") + f.must("node_memory_Buffers_bytes") + f.must("node_memory_Cached_bytes")
	}
	used := max(total-avail, 0)
	s.Mem = entity.MemStat{TotalBytes: uint64(total), AvailableBytes: uint64(avail), UsedBytes: uint64(used),
		BuffersCacheBytes: uint64(f.must("node_memory_Buffers_bytes") + f.must("node_memory_Cached_bytes")),
		Percent:           pct(used, total)}
	swTotal, swFree := f.must("node_memory_SwapTotal_bytes"), f.must("node_memory_SwapFree_bytes")
	swUsed := max(swTotal-swFree, 0)
	s.Swap = entity.SwapStat{TotalBytes: uint64(swTotal), UsedBytes: uint64(swUsed), Percent: pct(swUsed, swTotal)}
}

func (c *NodeExporter) filesystems(f Families, s *entity.Snapshot) {
	type key struct{ mount, device, fstype string }
	free, avail := map[key]float64{}, map[key]float64{}
	for _, m := range f.metrics("node_filesystem_free_bytes") {
		free[key{label(m, "mountpoint"), label(m, "device"), label(m, "fstype")}] = value(m)
	}
	for _, m := range f.metrics("node_filesystem_avail_bytes") {
		avail[key{label(m, "mountpoint"), label(m, "device"), label(m, "fstype")}] = value(m)
	}
	seen := map[string]bool{}
	for _, m := range f.metrics("node_filesystem_size_bytes") {
		k := key{label(m, "mountpoint"), label(m, "device"), label(m, "fstype")}
		if !c.wantMount(k.mount, k.fstype) || seen[k.mount] {
			continue
		}
		seen[k.mount] = true
		size := value(m)
		fr, av := free[k], avail[k]
		used := max(size-fr, 0)
		d := entity.DiskStat{Mount: k.mount, Device: k.device, FSType: k.fstype, TotalBytes: uint64(size),
			UsedBytes: uint64(used), FreeBytes: uint64(av), Percent: pct(used, used+av)}
		s.Disks = append(s.Disks, d)
	}
	sort.Slice(s.Disks, func(i, j int) bool { return s.Disks[i].Mount < s.Disks[j].Mount })
}

func (c *NodeExporter) wantMount(mount, fstype string) bool {
	if len(c.opt.Mounts) > 0 {
		return slices.Contains(c.opt.Mounts, mount)
	}
	if slices.Contains(c.opt.IgnoreFSTypes, fstype) {
		return false
	}
	return !engine.MatchAny(c.opt.IgnoreMounts, mount)
}

func (c *NodeExporter) network(f Families, s *entity.Snapshot, at time.Time) {
	tx := map[string]float64{}
	for _, m := range f.metrics("node_network_transmit_bytes_total") {
		tx[label(m, "device")] = value(m)
	}
	for _, m := range f.metrics("node_network_receive_bytes_total") {
		dev := label(m, "device")
		if c.ignoreIface(dev) {
			continue
		}
		stat, ok := c.deltas.NetStat(dev, uint64(value(m)), uint64(tx[dev]), at)
		if !ok {
			s.RatesUnknown = true
		}
		s.Net = append(s.Net, stat)
	}
	sort.Slice(s.Net, func(i, j int) bool { return s.Net[i].Iface < s.Net[j].Iface })
}

func (c *NodeExporter) ignoreIface(name string) bool {
	return engine.MatchAny(c.opt.IgnoreIfaces, name)
}

// diskIO sums node_disk_*_bytes_total over the devices node_exporter
// reports: by default whole disks only (it skips partitions, loop and ram
// devices), so nothing is counted twice.
func (c *NodeExporter) diskIO(f Families, s *entity.Snapshot, at time.Time) {
	var read, written float64
	for _, m := range f.metrics("node_disk_read_bytes_total") {
		read += value(m)
	}
	for _, m := range f.metrics("node_disk_written_bytes_total") {
		written += value(m)
	}
	var rok, wok bool
	s.DiskIO.ReadBytesPerS, rok = c.deltas.Rate("disk_read", read, at)
	s.DiskIO.WriteBytesPerS, wok = c.deltas.Rate("disk_write", written, at)
	if !rok || !wok {
		s.RatesUnknown = true
	}
}

func (f Families) metrics(name string) []*dto.Metric {
	if fam, ok := f[name]; ok {
		return fam.GetMetric()
	}
	return nil
}

// value returns the first sample of name whose labels include want.
func (f Families) value(name string, want map[string]string) (float64, bool) {
next:
	for _, m := range f.metrics(name) {
		for k, v := range want {
			if label(m, k) != v {
				continue next
			}
		}
		return value(m), true
	}
	return 0, false
}

func (f Families) must(name string) float64 {
	v, _ := f.value(name, nil)
	return v
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

func value(m *dto.Metric) float64 {
	switch {
	case m.Gauge != nil:
		return m.GetGauge().GetValue()
	case m.Counter != nil:
		return m.GetCounter().GetValue()
	case m.Untyped != nil:
		return m.GetUntyped().GetValue()
	}
	return 0
}

func pct(part, whole float64) float64 {
	if whole <= 0 {
		return 0
	}
	return part / whole * 100
}
