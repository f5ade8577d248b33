package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"
)

// Watchdog restarts a required process of the local machine when it is
// missing (see lookout/engine/watchdog):
//
//	[[hosts.watchdog]]
//	process = "apache2"
//	command = ["/usr/bin/systemctl", "restart", "apache2"]
//	cooldown = "5m"
//	max_attempts = 3
type Watchdog struct {
	// Process is the exact name that must run.
	Process string `toml:"process"`
	// Command is run without a shell; Command[0] is an absolute path.
	Command []string `toml:"command"`
	// Cooldown is the least time between two attempts, also when the
	// process ran in between (default 5m).
	Cooldown Duration `toml:"cooldown"`
	// MaxAttempts caps the attempts of one outage or crash loop (default
	// 3): after them the watchdog gives up until the process has stayed
	// up for max_attempts × cooldown.
	MaxAttempts int `toml:"max_attempts"`
}

func validateWatchdogs(v *validator, key string, h Host) {
	for i, w := range h.Watchdog {
		k := fmt.Sprintf("%s.watchdog[%d]", key, i)
		if !h.Local {
			v.add(k, "a watchdog restarts processes of the local machine only (local = true)")
		}
		if w.Process == "" {
			v.add(k+".process", "name the process to watch")
		} else {
			checkNames(v, k+".process", []string{w.Process})
		}
		switch {
		case len(w.Command) == 0:
			v.add(k+".command", `give the restart command as a list, such as ["/usr/bin/systemctl", "restart", "apache2"]`)
		case !filepath.IsAbs(w.Command[0]):
			v.add(k+".command", "the program must be an absolute path (it runs without a shell or PATH lookup), got %q", w.Command[0])
		}
		if w.Cooldown != 0 && (w.Cooldown < Duration(10*time.Second) || w.Cooldown > Duration(24*time.Hour)) {
			v.add(k+".cooldown", "expected a duration from 10s to 24h, got %s", w.Cooldown)
		}
		if w.MaxAttempts < 0 || w.MaxAttempts > 100 {
			v.add(k+".max_attempts", "expected a whole number from 1 to 100, got %d", w.MaxAttempts)
		}
	}
}

// Required returns the processes that must run on h: require_processes
// and the processes of its watchdogs.
func (h Host) Required() []string {
	out := append([]string(nil), h.RequireProcesses...)
	for _, w := range h.Watchdog {
		if !slices.Contains(out, w.Process) {
			out = append(out, w.Process)
		}
	}
	return out
}
