package runtime

import (
	"log/slog"
	"slices"
	"sort"
	"time"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/watchdog"
)

// withWatchdog wraps the collector of the local host in a watchdog when
// the configuration asks for one. Only the running monitor does this:
// one-shot commands (lookout snapshot, lookout hosts) never restart
// anything.
func withWatchdog(c engine.Collector, h config.Host) (engine.Collector, error) {
	if !h.Local || len(h.Watchdog) == 0 {
		return c, nil
	}
	var rules []watchdog.Rule
	for _, w := range h.Watchdog {
		rules = append(rules, watchdog.Rule{Process: w.Process, Command: slices.Clone(w.Command),
			Cooldown: time.Duration(w.Cooldown), MaxAttempts: w.MaxAttempts})
	}
	w, err := watchdog.New(h.Name, rules, nil, nil, slog.Default())
	if err != nil {
		return nil, err
	}
	return watchdog.Wrap(c, w), nil
}

// WatchdogHistory returns every restart attempt of the local watchdogs,
// oldest first.
func (m *Monitor) WatchdogHistory() []watchdog.Attempt {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.attempts)
	for _, t := range m.targets {
		if wc, ok := t.Collector.(*watchdog.Collector); ok {
			out = append(out, wc.Watchdog.History()...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// keepWatchdogHistory keeps the attempts and the throttle state of the
// watchdogs of targets being replaced, so that a Reload neither forgets
// the history nor resets the count of a crash loop.
func (m *Monitor) keepWatchdogHistory(ts []engine.Target) {
	for _, t := range ts {
		if wc, ok := t.Collector.(*watchdog.Collector); ok {
			wc.Watchdog.Wait()
			m.attempts = append(m.attempts, wc.Watchdog.History()...)
			if m.watchdogState == nil {
				m.watchdogState = map[string]watchdog.State{}
			}
			m.watchdogState[t.Name] = wc.Watchdog.State()
		}
	}
	if len(m.attempts) > watchdog.MaxHistory {
		m.attempts = m.attempts[len(m.attempts)-watchdog.MaxHistory:]
	}
}

// restoreWatchdogs gives the watchdogs of new targets the state kept from
// the ones they replace.
func (m *Monitor) restoreWatchdogs(ts []engine.Target) {
	for _, t := range ts {
		if wc, ok := t.Collector.(*watchdog.Collector); ok {
			if st, ok := m.watchdogState[t.Name]; ok {
				wc.Watchdog.Restore(st)
			}
		}
	}
}
