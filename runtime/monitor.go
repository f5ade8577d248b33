package runtime

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/collect/local"
	"lookout/engine/watchdog"
)

// Monitor runs the polling of every configured host.
type Monitor struct {
	log  *slog.Logger
	Ring *engine.Ring
	// Store is what views, rules and reports read: the ring, teed with the
	// history database when there is one (see Tee).
	Store   engine.Store
	Sampler *engine.Sampler

	mu      sync.Mutex
	cfg     config.Config
	cancel  context.CancelFunc
	done    chan struct{}
	targets []engine.Target // closed (io.Closer) when polling stops
	// attempts are the watchdog attempts of targets replaced by Reload.
	attempts []watchdog.Attempt
	// watchdogState is the throttle state of those watchdogs, by host.
	watchdogState map[string]watchdog.State
	hosts         []string
}

// Hosts returns the names of the hosts being polled (a promql source's
// discovered instances included).
func (m *Monitor) Hosts() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.hosts...)
}

// New returns a monitor for cfg. Nothing runs until Start.
func New(cfg config.Config, log *slog.Logger) *Monitor { return NewWithHistory(cfg, log, nil) }

// NewWithHistory returns a monitor that appends every snapshot to the
// history store disk (e.g. an *history.Store) as well as to its ring.
func NewWithHistory(cfg config.Config, log *slog.Logger, disk engine.Store) *Monitor {
	if log == nil {
		log = slog.Default()
	}
	span := RingSpan(cfg, disk != nil)
	ring := engine.NewRing(engine.RingCapacity(span, minInterval(cfg)))
	var store engine.Store = ring
	if disk != nil {
		store = &Tee{Ring: ring, Disk: disk, RingSpan: span, Log: log}
	}
	return &Monitor{log: log, Ring: ring, Store: store, Sampler: engine.NewSampler(store, log), cfg: cfg}
}

// Config returns the configuration in force.
func (m *Monitor) Config() config.Config {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cfg
}

// RingWindow is how far back the in-memory ring reaches when the history
// database keeps the rest: the overview's sparklines and an alert's chart
// read 5 minutes, the detail screen's shortest periods 15; longer spans
// are read from the history (see Tee).
const RingWindow = 15 * time.Minute

// RingSpan is how far back the in-memory ring reaches: cfg's retention
// without a history database, at most RingWindow with one (at 1,000 hosts
// six hours of every series would take ~1.7 GB of memory).
func RingSpan(cfg config.Config, history bool) time.Duration {
	span := time.Duration(cfg.Retention)
	if history {
		span = min(span, RingWindow)
	}
	return span
}

func minInterval(cfg config.Config) time.Duration {
	d := time.Duration(cfg.Interval)
	for _, h := range cfg.HostsOrLocal() {
		d = min(d, cfg.HostInterval(h))
	}
	return d
}

// Targets builds one sampler target per configured host.
func Targets(cfg config.Config) ([]engine.Target, error) {
	var ts []engine.Target
	configured := map[string]bool{}
	for _, h := range cfg.HostsOrLocal() {
		configured[h.Name] = true
	}
	for _, h := range cfg.HostsOrLocal() {
		if h.PromQL != "" {
			ts = append(ts, fleetTargets(cfg, h, configured, slog.Default())...)
			continue
		}
		c, err := NewCollector(cfg, h)
		if err != nil {
			return nil, fmt.Errorf("host %s: %w", h.Name, err)
		}
		if c, err = withWatchdog(c, h); err != nil {
			return nil, fmt.Errorf("host %s: %w", h.Name, err)
		}
		ts = append(ts, engine.Target{Name: h.Name, Collector: c, Interval: cfg.HostInterval(h),
			Timeout: cfg.HostTimeout(h), FailLimit: cfg.FailLimit})
	}
	return ts, nil
}

// NewCollector builds the collector for one host.
func NewCollector(cfg config.Config, h config.Host) (engine.Collector, error) {
	switch {
	case h.Prometheus != "":
		return nodeExporter(h), nil
	case h.PromQL != "":
		return nil, fmt.Errorf("host %q is a Prometheus fleet: each of its instances is a host of its own", h.Name)
	case h.Local:
		return local.New(local.Options{
			Host: h.Name, Mounts: h.Mounts, IgnoreFSTypes: h.IgnoreFSTypes, IgnoreMounts: h.IgnoreMounts,
			IgnoreIfaces: h.IgnoreIfaces, Keywords: cfg.HostKeywords(h), Required: h.Required(),
			TopN: topN(cfg),
		}), nil
	case h.SSH != "":
		return NewSSHCollector(cfg, h)
	case h.Agent != "":
		return NewAgentCollector(cfg, h)
	}
	return nil, fmt.Errorf("no way to reach host %q is configured", h.Name)
}

// closeCollectors closes the collectors that hold connections (SSH).
func closeCollectors(ts []engine.Target) {
	for _, t := range ts {
		if c, ok := t.Collector.(io.Closer); ok {
			c.Close()
		}
	}
}

func topN(cfg config.Config) int {
	if cfg.TopProcesses == 0 {
		return -1
	}
	return cfg.TopProcesses
}

// Start begins polling in the background.
func (m *Monitor) Start(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.startLocked(ctx)
}

func (m *Monitor) startLocked(ctx context.Context) error {
	ts, err := Targets(m.cfg)
	if err != nil {
		return err
	}
	m.runLocked(ctx, ts)
	return nil
}

// runLocked polls ts.
func (m *Monitor) runLocked(ctx context.Context, ts []engine.Target) {
	m.hosts = m.hosts[:0]
	for _, t := range ts {
		m.hosts = append(m.hosts, t.Name)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	m.restoreWatchdogs(ts)
	m.cancel, m.done, m.targets = cancel, done, ts
	go func() {
		defer close(done)
		m.Sampler.Run(rctx, ts)
	}()
}

// Reload stops polling, takes cfg and starts again. History in the ring
// is kept. On error the old configuration keeps running.
func (m *Monitor) Reload(ctx context.Context, cfg config.Config) error {
	ts, err := Targets(cfg) // built once: a fleet's discovery asks its Prometheus
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stopLocked()
	m.cfg = cfg
	m.runLocked(ctx, ts)
	return nil
}

// Stop ends polling and waits for the pollers.
func (m *Monitor) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stopLocked()
}

func (m *Monitor) stopLocked() {
	if m.cancel != nil {
		m.cancel()
		<-m.done
		m.cancel = nil
		closeCollectors(m.targets)
		m.keepWatchdogHistory(m.targets)
		m.targets = nil
	}
}
