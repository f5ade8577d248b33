package prom

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"lookout/entity"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"lookout/engine"
	"lookout/engine/collect/local"
)

// FleetOptions configure a Fleet.
type FleetOptions struct {
	// URL of the Prometheus server, e.g. http://prometheus:9090.
	URL string
	// Client does the requests (http.DefaultClient if nil).
	Client *http.Client
	// MaxAge is how long one refresh serves the fleet's collectors, so
	// that N hosts polled on the same tick cost one set of queries
	// (default 2 s).
	MaxAge time.Duration
	// RateWindow is the range of rate() over counters (default 2m: at
	// least four scrapes at Prometheus' default 15 s interval... and 1m
	// scrapes still give two points).
	RateWindow time.Duration
	// IgnoreFSTypes drops filesystems of these types (nil: the local
	// collector's defaults).
	IgnoreFSTypes []string
	// Now is the clock of the snapshots (time.Now if nil).
	Now func() time.Time
}

// Fleet reads every host a Prometheus server scrapes. A host is a series'
// host label when it has one (a lookoutd /metrics scraped by Prometheus),
// else its instance label (a node_exporter target). It is safe for
// concurrent use.
type Fleet struct {
	opt FleetOptions
	api v1.API

	flight sync.Mutex // one refresh at a time; the others wait for it
	mu     sync.Mutex // guards the fields below
	at     time.Time
	snaps  map[string]entity.Snapshot
	sel    map[string]string // host -> label matcher selecting its series
	err    error
}

// NewFleet returns a reader of the Prometheus server at opt.URL.
func NewFleet(opt FleetOptions) (*Fleet, error) {
	if opt.MaxAge <= 0 {
		opt.MaxAge = 2 * time.Second
	}
	if opt.RateWindow <= 0 {
		opt.RateWindow = 2 * time.Minute
	}
	if opt.IgnoreFSTypes == nil {
		opt.IgnoreFSTypes = local.DefaultIgnoreFSTypes
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	cfg := api.Config{Address: opt.URL}
	if opt.Client != nil {
		cfg.Client = opt.Client
	}
	c, err := api.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("prometheus %s: %w", redact(opt.URL), err)
	}
	return &Fleet{opt: opt, api: v1.NewAPI(c)}, nil
}

// query is one instant query of a refresh and where its result goes.
type query struct {
	expr string
	set  func(s *entity.Snapshot, m model.Metric, v float64)
}

// by is the grouping every fleet query keeps: a host is either.
const by = "instance, host"

func (f *Fleet) queries() []query {
	r := "[" + model.Duration(f.opt.RateWindow).String() + "]"
	cpuModes := func(modes, lookoutMode string) string {
		return `100 * sum by (` + by + `) (rate(node_cpu_seconds_total{mode=~"` + modes + `"}` + r + `)) / count by (` + by + `) (node_cpu_seconds_total{mode="idle"})` +
			` or max by (` + by + `) (lookout_cpu_mode_percent{mode="` + lookoutMode + `"})`
	}
	gauge := func(name string) string { return `max by (` + by + `) (` + name + `)` }
	return []query{
		{gauge("node_load1"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.Load.Load1 = v }},
		{gauge("node_load5"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.Load.Load5 = v }},
		{gauge("node_load15"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.Load.Load15 = v }},
		{`100 * (1 - avg by (` + by + `) (sum by (` + by + `, cpu) (rate(node_cpu_seconds_total{mode=~"idle|iowait"}` + r + `))))` +
			` or max by (` + by + `) (lookout_cpu_usage_percent)`, func(s *entity.Snapshot, _ model.Metric, v float64) { s.CPU.Percent = clamp(v) }},
		{cpuModes("user|nice", "user"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.CPU.User = clamp(v) }},
		{cpuModes("system|irq|softirq", "system"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.CPU.System = clamp(v) }},
		{cpuModes("iowait", "iowait"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.CPU.IOWait = clamp(v) }},
		{cpuModes("steal", "steal"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.CPU.Steal = clamp(v) }},
		{`count by (` + by + `) (node_cpu_seconds_total{mode="idle"}) or ` + gauge("lookout_cpu_cores"),
			func(s *entity.Snapshot, _ model.Metric, v float64) { s.CPU.Cores = int(v) }},
		{`100 * (1 - sum by (` + by + `, cpu) (rate(node_cpu_seconds_total{mode=~"idle|iowait"}` + r + `)))` +
			` or max by (` + by + `, cpu) (lookout_cpu_core_usage_percent)`, func(s *entity.Snapshot, m model.Metric, v float64) {
			if n, err := strconv.Atoi(string(m["cpu"])); err == nil && n >= 0 && n < 4096 {
				for len(s.CPU.PerCore) <= n {
					s.CPU.PerCore = append(s.CPU.PerCore, 0)
				}
				s.CPU.PerCore[n] = clamp(v)
			}
		}},
		{gauge("node_memory_MemTotal_bytes"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.Mem.TotalBytes = uint64(v) }},
		{gauge("node_memory_MemAvailable_bytes"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.Mem.AvailableBytes = uint64(v) }},
		{`max by (` + by + `) (node_memory_Buffers_bytes + node_memory_Cached_bytes)`,
			func(s *entity.Snapshot, _ model.Metric, v float64) { s.Mem.BuffersCacheBytes = uint64(v) }},
		{gauge("node_memory_SwapTotal_bytes"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.Swap.TotalBytes = uint64(v) }},
		{gauge("node_memory_SwapFree_bytes"), func(s *entity.Snapshot, _ model.Metric, v float64) {
			s.Swap.UsedBytes = uint64(max(float64(s.Swap.TotalBytes)-v, 0)) // TotalBytes is set by the query before
		}},
		{`time() - ` + gauge("node_boot_time_seconds"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.UptimeS = max(v, 0) }},
		{`sum by (` + by + `) (rate(node_disk_read_bytes_total` + r + `)) or ` + gauge("lookout_disk_read_bytes_per_second"),
			func(s *entity.Snapshot, _ model.Metric, v float64) { s.DiskIO.ReadBytesPerS = v }},
		{`sum by (` + by + `) (rate(node_disk_written_bytes_total` + r + `)) or ` + gauge("lookout_disk_written_bytes_per_second"),
			func(s *entity.Snapshot, _ model.Metric, v float64) { s.DiskIO.WriteBytesPerS = v }},
		{`max by (` + by + `, mountpoint, device, fstype) (node_filesystem_size_bytes)`, func(s *entity.Snapshot, m model.Metric, v float64) {
			d := disk(s, m)
			d.TotalBytes = uint64(v)
		}},
		{`max by (` + by + `, mountpoint, device, fstype) (node_filesystem_avail_bytes)`, func(s *entity.Snapshot, m model.Metric, v float64) {
			disk(s, m).FreeBytes = uint64(v)
		}},
		{`max by (` + by + `, mountpoint, device, fstype) (node_filesystem_size_bytes - node_filesystem_free_bytes)`,
			func(s *entity.Snapshot, m model.Metric, v float64) { disk(s, m).UsedBytes = uint64(max(v, 0)) }},
		{`max by (` + by + `, mountpoint, device, fstype) (lookout_filesystem_used_percent)`,
			func(s *entity.Snapshot, m model.Metric, v float64) { disk(s, m).Percent = -1 - v }}, // marked; see finish
		{`max by (` + by + `, device) (rate(node_network_receive_bytes_total` + r + `))`,
			func(s *entity.Snapshot, m model.Metric, v float64) { iface(s, m).RxBytesPerS = v }},
		{`max by (` + by + `, device) (rate(node_network_transmit_bytes_total` + r + `))`,
			func(s *entity.Snapshot, m model.Metric, v float64) { iface(s, m).TxBytesPerS = v }},
		{`max by (` + by + `, device) (node_network_receive_bytes_total)`,
			func(s *entity.Snapshot, m model.Metric, v float64) { iface(s, m).RxBytesTotal = uint64(v) }},
		{`max by (` + by + `, device) (node_network_transmit_bytes_total)`,
			func(s *entity.Snapshot, m model.Metric, v float64) { iface(s, m).TxBytesTotal = uint64(v) }},
		{`max by (` + by + `, chip, sensor) (node_hwmon_temp_celsius)`, func(s *entity.Snapshot, m model.Metric, v float64) {
			name := string(m["sensor"])
			if chip := string(m["chip"]); chip != "" {
				name = chip + "/" + name
			}
			s.Temps = append(s.Temps, entity.TempStat{Sensor: name, Celsius: v})
		}},
		{gauge("lookout_processes"), func(s *entity.Snapshot, _ model.Metric, v float64) { s.Procs.Total = int(v) }},
	}
}

func disk(s *entity.Snapshot, m model.Metric) *entity.DiskStat {
	mount := string(m["mountpoint"])
	for i := range s.Disks {
		if s.Disks[i].Mount == mount {
			return &s.Disks[i]
		}
	}
	s.Disks = append(s.Disks, entity.DiskStat{Mount: mount, Device: string(m["device"]), FSType: string(m["fstype"])})
	return &s.Disks[len(s.Disks)-1]
}

func iface(s *entity.Snapshot, m model.Metric) *entity.NetStat {
	dev := string(m["device"])
	for i := range s.Net {
		if s.Net[i].Iface == dev {
			return &s.Net[i]
		}
	}
	s.Net = append(s.Net, entity.NetStat{Iface: dev})
	return &s.Net[len(s.Net)-1]
}

// hostOf names the Lookout host a series belongs to and the matcher that
// selects its series.
func hostOf(m model.Metric) (name, selector string) {
	if h := string(m["host"]); h != "" {
		return h, `host=` + strconv.Quote(h)
	}
	inst := string(m["instance"])
	return inst, `instance=` + strconv.Quote(inst)
}

// Refresh runs the fleet's queries (a few at a time) and returns every
// host's snapshot. A query that fails leaves its part empty and is
// reported in each snapshot's Errors; Refresh fails only when none
// succeeds.
func (f *Fleet) Refresh(ctx context.Context) (map[string]entity.Snapshot, error) {
	qs := f.queries()
	now := f.opt.Now()
	type result struct {
		vec model.Vector
		err error
	}
	results := make([]result, len(qs))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, q := range qs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			val, _, _, err := f.api.Query(ctx, q.expr, now)
			if err != nil {
				results[i].err = err
				return
			}
			vec, ok := val.(model.Vector)
			if !ok {
				results[i].err = fmt.Errorf("query returned %s, want a vector", val.Type())
				return
			}
			results[i].vec = vec
		}()
	}
	wg.Wait()
	snaps := map[string]*entity.Snapshot{}
	sels := map[string]string{}
	var errs []error
	failed := 0
	for i, res := range results {
		if res.err != nil {
			failed++
			errs = append(errs, res.err)
			continue
		}
		for _, smp := range res.vec {
			name, sel := hostOf(smp.Metric)
			if name == "" {
				continue
			}
			s := snaps[name]
			if s == nil {
				s = &entity.Snapshot{Host: name, Time: now}
				snaps[name] = s
				sels[name] = sel
			}
			if v := float64(smp.Value); !math.IsNaN(v) && !math.IsInf(v, 0) {
				qs[i].set(s, smp.Metric, v)
			}
		}
	}
	if failed == len(qs) {
		return nil, classify(fmt.Errorf("prometheus %s: %w", redact(f.opt.URL), joinDistinct(errs)))
	}
	out := make(map[string]entity.Snapshot, len(snaps))
	for name, s := range snaps {
		f.finish(s)
		if failed > 0 {
			s.SetError("prometheus", fmt.Errorf("%d of %d queries failed: %w", failed, len(qs), errs[0]))
		}
		out[name] = *s
	}
	f.mu.Lock()
	f.snaps, f.sel, f.at, f.err = out, sels, f.opt.Now(), nil
	f.mu.Unlock()
	return out, nil
}

// finish derives the figures the queries do not give directly.
func (f *Fleet) finish(s *entity.Snapshot) {
	m := &s.Mem
	if m.TotalBytes > 0 {
		m.UsedBytes = m.TotalBytes - min(m.AvailableBytes, m.TotalBytes)
		m.Percent = float64(m.UsedBytes) / float64(m.TotalBytes) * 100
	}
	if s.Swap.TotalBytes > 0 {
		s.Swap.Percent = float64(s.Swap.UsedBytes) / float64(s.Swap.TotalBytes) * 100
	}
	disks := s.Disks[:0]
	for _, d := range s.Disks {
		if slices.Contains(f.opt.IgnoreFSTypes, d.FSType) || d.Mount == "" {
			continue
		}
		switch {
		case d.Percent < 0: // lookout_filesystem_used_percent, as df computed it
			d.Percent = -1 - d.Percent
		case d.UsedBytes+d.FreeBytes > 0:
			d.Percent = float64(d.UsedBytes) / float64(d.UsedBytes+d.FreeBytes) * 100
		}
		if d.UsedBytes == 0 && d.TotalBytes > 0 {
			d.UsedBytes = d.TotalBytes - min(d.FreeBytes, d.TotalBytes)
		}
		disks = append(disks, d)
	}
	s.Disks = disks
	sort.Slice(s.Disks, func(i, j int) bool { return s.Disks[i].Mount < s.Disks[j].Mount })
	net := s.Net[:0]
	for _, n := range s.Net {
		if n.Iface != "lo" {
			net = append(net, n)
		}
	}
	s.Net = net
	sort.Slice(s.Net, func(i, j int) bool { return s.Net[i].Iface < s.Net[j].Iface })
	sort.Slice(s.Temps, func(i, j int) bool { return s.Temps[i].Sensor < s.Temps[j].Sensor })
}

// Hosts refreshes and returns the names of every host Prometheus reports,
// sorted.
func (f *Fleet) Hosts(ctx context.Context) ([]string, error) {
	snaps, err := f.Refresh(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(snaps))
	for n := range snaps {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// ErrNotReported is the poll error of a host Prometheus no longer has
// fresh series for (its target is down or was removed).
var ErrNotReported = errors.New("no fresh series in Prometheus for this host")

// snapshot returns host's snapshot from a refresh at most MaxAge old.
func (f *Fleet) snapshot(ctx context.Context, host string) (entity.Snapshot, error) {
	if _, err := f.refreshOnce(ctx); err != nil {
		return entity.Snapshot{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.snaps[host]
	if !ok {
		return entity.Snapshot{}, &engine.PollError{Kind: entity.KindUnknown, Err: ErrNotReported}
	}
	return s, nil
}

// refreshOnce refreshes unless a refresh younger than MaxAge exists: the
// pollers of one tick share one set of queries.
func (f *Fleet) refreshOnce(ctx context.Context) (map[string]entity.Snapshot, error) {
	f.flight.Lock()
	defer f.flight.Unlock()
	f.mu.Lock()
	if f.snaps != nil && f.opt.Now().Sub(f.at) < f.opt.MaxAge {
		s := f.snaps
		f.mu.Unlock()
		return s, nil
	}
	f.mu.Unlock()
	return f.Refresh(ctx)
}

// Collector returns the collector of one host of the fleet. Every host's
// collector shares the fleet's refreshes.
func (f *Fleet) Collector(host string) engine.Collector {
	return engine.CollectorFunc(func(ctx context.Context) (entity.Snapshot, error) {
		return f.snapshot(ctx, host)
	})
}

func nan() float64 { return math.NaN() }

func clamp(v float64) float64 { return max(0, min(v, 100)) }

// joinDistinct joins errs, each message once: every query of a round
// fails the same way when Prometheus is down, and "connection refused"
// 28 times says no more than once.
func joinDistinct(errs []error) error {
	seen := map[string]bool{}
	var out []error
	for _, err := range errs {
		if msg := err.Error(); !seen[msg] {
			seen[msg] = true
			out = append(out, err)
		}
	}
	return errors.Join(out...)
}
