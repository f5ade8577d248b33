package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/collect/prom"
)

// nodeExporter builds the collector of a host with a node_exporter
// endpoint ("http://host:9100" means its /metrics).
func nodeExporter(h config.Host) engine.Collector {
	u := h.Prometheus
	if rest, ok := strings.CutPrefix(u, "http://"); ok && !strings.Contains(rest, "/") {
		u += "/metrics"
	} else if rest, ok := strings.CutPrefix(u, "https://"); ok && !strings.Contains(rest, "/") {
		u += "/metrics"
	}
	return prom.NewNodeExporter(prom.Options{Host: h.Name, URL: u, Mounts: h.Mounts,
		IgnoreFSTypes: h.IgnoreFSTypes, IgnoreMounts: h.IgnoreMounts, IgnoreIfaces: h.IgnoreIfaces})
}

// FleetTargets discovers the instances of the Prometheus fleet h as the
// monitor polls them, leaving out those that an entry of cfg names, or
// returns one failing target named h.Name when discovery fails. log hears
// of the discovery (lookout hosts passes a discarding one).
func FleetTargets(cfg config.Config, h config.Host, log *slog.Logger) []engine.Target {
	configured := map[string]bool{}
	for _, c := range cfg.HostsOrLocal() {
		configured[c.Name] = true
	}
	return fleetTargets(cfg, h, configured, log)
}

// fleetTargets discovers the hosts of a promql source: one target per
// instance Prometheus reports, all sharing the fleet's queries. Hosts that
// are configured in their own right are left to their own entry. When
// Prometheus cannot be read, the source is one failing target under its
// own name, so the failure shows; a reload discovers again.
func fleetTargets(cfg config.Config, h config.Host, configured map[string]bool, log *slog.Logger) []engine.Target {
	target := func(name string, c engine.Collector) engine.Target {
		return engine.Target{Name: name, Collector: c, Interval: cfg.HostInterval(h), Timeout: cfg.HostTimeout(h), FailLimit: cfg.FailLimit}
	}
	// One refresh serves a whole round: the instances' polls spread over
	// the interval, and with a shorter MaxAge a 1,000-host fleet was read
	// from Prometheus two or three times per interval.
	maxAge := cfg.HostInterval(h) * 9 / 10
	fleet, err := prom.NewFleet(prom.FleetOptions{URL: h.PromQL, IgnoreFSTypes: h.IgnoreFSTypes, MaxAge: maxAge})
	if err != nil {
		return []engine.Target{target(h.Name, failing(err))}
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.HostTimeout(h))
	defer cancel()
	names, err := fleet.Hosts(ctx)
	if err != nil {
		log.Warn("prometheus fleet: discovery failed", "host", h.Name, "collector", "promql", "err", err)
		return []engine.Target{target(h.Name, failing(fmt.Errorf("discover the fleet: %w", err)))}
	}
	var ts []engine.Target
	for _, n := range names {
		if !configured[n] {
			ts = append(ts, target(n, fleet.Collector(n)))
		}
	}
	log.Info("prometheus fleet discovered", "host", h.Name, "collector", "promql", "hosts", len(ts))
	return ts
}

func failing(err error) engine.Collector {
	return engine.CollectorFunc(func(context.Context) (entity.Snapshot, error) { return entity.Snapshot{}, err })
}
