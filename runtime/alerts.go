package runtime

import (
	"fmt"

	"lookout/config"
	"lookout/engine/alert"
)

// AlertSettings is what the alert engine takes from cfg (which Parse or
// Load validated): the configured hosts, their rules and the maintenance
// windows.
func AlertSettings(cfg config.Config) alert.Settings {
	var hosts []string
	for _, h := range cfg.HostsOrLocal() {
		hosts = append(hosts, h.Name)
	}
	return alert.Settings{Hosts: hosts, Rules: cfg.RulesFor, Silences: Silences(cfg)}
}

// Silences turns the [[silences]] of a validated configuration into
// silences; their IDs are config-1, config-2, … in the file's order.
func Silences(cfg config.Config) []alert.Silence {
	var out []alert.Silence
	for i, sc := range cfg.Silences {
		s := alert.Silence{ID: fmt.Sprintf("config-%d", i+1), Hosts: sc.Hosts, Rules: sc.Rules, Comment: sc.Comment, Source: alert.SourceConfig}
		if sc.Daily != "" {
			s.Daily, s.DailyFrom, s.DailyTo, s.Days = true, sc.DailyFrom, sc.DailyTo, sc.DailyWeekdays
		} else {
			s.Start, s.End = sc.From, sc.Until
		}
		out = append(out, s)
	}
	return out
}
