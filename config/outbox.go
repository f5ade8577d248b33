package config

import "time"

// Outbox is the [outbox] section: how much each channel's queue of
// undelivered messages may hold.
//
//	[outbox]
//	max_messages = 1000   # per channel
//	max_age = "24h"
type Outbox struct {
	// MaxMessages is the most messages queued per channel (default 1000,
	// from 10 to 100000): beyond it the least urgent, oldest ones go to
	// the dead letters ("dropped: outbox full (max N)").
	MaxMessages int `toml:"max_messages"`
	// MaxAge is how long a message may wait for its service (default 24h,
	// from 1m to 168h); older ones go to the dead letters.
	MaxAge Duration `toml:"max_age"`
}

// DefaultOutbox is the outbox section when the file has none.
func DefaultOutbox() Outbox {
	return Outbox{MaxMessages: 1000, MaxAge: Duration(24 * time.Hour)}
}

func (c *Config) validateOutbox(v *validator) {
	o := c.Outbox
	if o.MaxMessages < 10 || o.MaxMessages > 100000 {
		v.add("outbox.max_messages", "expected a whole number from 10 to 100000, got %d", o.MaxMessages)
	}
	if o.MaxAge < Duration(time.Minute) || o.MaxAge > Duration(7*24*time.Hour) {
		v.add("outbox.max_age", "expected a duration from 1m to 168h, got %s", o.MaxAge)
	}
}
