package config

import "time"

// Notify is the [notify] section: how each channel's alerts are grouped
// into few messages, as Alertmanager does, so that a storm of 30 hosts is
// two messages that name every host rather than 30 paced by the
// service's rate limit.
//
//	[notify]
//	group_wait = "10s"      # the first alert waits this long for others
//	group_interval = "1m"   # then at most one message of changes this often
type Notify struct {
	// GroupWait is how long the first alert after a quiet spell waits for
	// others (default 10s, from 0s to 5m; 0s: no wait).
	GroupWait Duration `toml:"group_wait"`
	// GroupInterval is the least time between two grouped messages of a
	// channel (default 1m, from 0s to 1h). Both 0s: every evaluation
	// round is sent as it comes.
	GroupInterval Duration `toml:"group_interval"`
}

// DefaultNotify is the notify section when the file has none.
func DefaultNotify() Notify {
	return Notify{GroupWait: Duration(10 * time.Second), GroupInterval: Duration(time.Minute)}
}

func (c *Config) validateNotify(v *validator) {
	n := c.Notify
	if n.GroupWait < 0 || n.GroupWait > Duration(5*time.Minute) {
		v.add("notify.group_wait", "expected a duration from 0s to 5m, got %s", n.GroupWait)
	}
	if n.GroupInterval < 0 || n.GroupInterval > Duration(time.Hour) {
		v.add("notify.group_interval", "expected a duration from 0s to 1h, got %s", n.GroupInterval)
	}
}
