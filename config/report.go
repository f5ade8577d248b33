package config

import (
	"fmt"
	"regexp"
	"time"
)

// Report is the [report] section: what the periodic report covers and
// when it goes out.
type Report struct {
	// Period is how far back a report looks (default 6h, at most 7 days).
	Period Duration `toml:"period"`
	// Every sends a report at this interval, aligned to local midnight
	// ("6h": 00:00, 06:00, 12:00, 18:00); "0s" (the default) sends none
	// by interval. From 10m to 24h.
	Every Duration `toml:"every"`
	// At sends a report at each local time of day, "HH:MM".
	At []string `toml:"at"`
	// Channels are the names of the channels that receive scheduled
	// reports; empty means every channel.
	Channels []string `toml:"channels"`
	// Hosts limits reports to these hosts; empty means all.
	Hosts []string `toml:"hosts"`
	// Charts are the metrics drawn per host (default cpu and mem).
	Charts []string `toml:"charts"`
}

// DefaultReport is the report section when the file has none: six hours,
// no schedule.
func DefaultReport() Report {
	return Report{Period: Duration(6 * time.Hour)}
}

var timeOfDay = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

var reportCharts = map[string]bool{"cpu": true, "mem": true, "swap": true, "disk_max": true, "load1": true}

func (c *Config) validateReport(v *validator) {
	r := c.Report
	if r.Period < Duration(time.Minute) || r.Period > Duration(7*24*time.Hour) {
		v.add("report.period", "expected a duration from 1m to 168h, got %s", r.Period)
	}
	if r.Every != 0 && (r.Every < Duration(10*time.Minute) || r.Every > Duration(24*time.Hour)) {
		v.add("report.every", "expected \"0s\" (off) or a duration from 10m to 24h, got %s", r.Every)
	}
	seen := map[string]bool{}
	for _, at := range r.At {
		switch {
		case !timeOfDay.MatchString(at):
			v.add("report.at", "expected times of day such as \"09:00\" or \"18:30\", got %q", at)
		case seen[at]:
			v.add("report.at", "%q is listed twice", at)
		}
		seen[at] = true
	}
	for _, ch := range r.Channels {
		if !channelName.MatchString(ch) {
			v.add("report.channels", "a channel name is letters, digits and _ . -, got %q", ch)
		}
	}
	hosts := map[string]bool{}
	for _, h := range c.HostsOrLocal() {
		hosts[h.Name] = true
	}
	for _, h := range r.Hosts {
		if !hosts[h] {
			v.add("report.hosts", "no host %q is configured", h)
		}
	}
	for _, m := range r.Charts {
		if !reportCharts[m] {
			v.add("report.charts", "expected some of cpu, mem, swap, disk_max, load1, got %q", m)
		}
	}
}

// ReportSchedule describes when scheduled reports go out, for logs.
func (r Report) ReportSchedule() string {
	switch {
	case r.Every == 0 && len(r.At) == 0:
		return "off"
	case len(r.At) == 0:
		return fmt.Sprintf("every %s", r.Every)
	case r.Every == 0:
		return fmt.Sprintf("at %v", r.At)
	}
	return fmt.Sprintf("every %s and at %v", r.Every, r.At)
}
