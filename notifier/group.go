package notifier

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"lookout/notifier/outbox"
)

// Grouping is how a channel's alerts are gathered into few messages, as
// Alertmanager does: a storm of 30 hosts becomes two or three messages
// that name every host, not 60 messages paced by the service's rate limit.
//
// Each round of alerts is queued on disk at once (nothing is lost in a
// crash); the channel's worker holds the new alert messages back and
// merges them into one group message when it is due:
//
//   - Wait: the first alert message after a quiet spell waits this long
//     for others (group_wait);
//   - Interval: after a group message, the next one waits at least this
//     long (group_interval); alerts queued meanwhile are merged into it.
//
// A group names every alert once (the newest event of each), critical
// first; beyond MaxAlerts it is split into several messages, so that each
// fits the service's size limit with one compact line per alert.
type Grouping struct {
	Wait     time.Duration
	Interval time.Duration
	// MaxAlerts is the most alerts in one message (DefaultMaxGroupAlerts
	// when 0).
	MaxAlerts int
}

// Default grouping: what lookout.example.toml documents.
const (
	DefaultGroupWait      = 10 * time.Second
	DefaultGroupInterval  = time.Minute
	DefaultMaxGroupAlerts = 25
)

// DefaultGrouping is the grouping of a configuration that sets none.
var DefaultGrouping = Grouping{Wait: DefaultGroupWait, Interval: DefaultGroupInterval, MaxAlerts: DefaultMaxGroupAlerts}

// enabled reports whether alerts are grouped at all (a zero Grouping
// sends every round as it comes).
func (g Grouping) enabled() bool { return g.Wait > 0 || g.Interval > 0 }

// groupable tells whether a queued message is a fresh round of alerts
// that a group may take: never tried, no part sent, not a group itself.
func groupable(e outbox.Entry, m *Message) bool {
	return m.Kind == KindAlert && !m.Grouped && m.PartsSent == 0 && e.Attempts == 0
}

// due is when the group of fresh messages (their oldest queued at
// oldest) may be sent, after a group sent at last.
func (g Grouping) due(oldest, last time.Time) time.Time {
	at := oldest.Add(g.Wait)
	if !last.IsZero() {
		at = later(at, last.Add(g.Interval))
	}
	return at
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// mergeAlerts is the alerts of msgs (oldest first) with each alert once,
// in its newest state, critical firings first, then warnings, then
// resolutions; the order among equals is the order of first appearance.
func mergeAlerts(msgs []*Message) []Alert {
	pos := map[string]int{}
	var out []Alert
	for _, m := range msgs {
		for _, a := range m.Alerts {
			k := alertKey(a)
			if i, ok := pos[k]; ok {
				out[i] = a
				continue
			}
			pos[k] = len(out)
			out = append(out, a)
		}
	}
	rank := func(a Alert) int {
		if a.Resolved {
			return 0
		}
		return int(a.Severity) + 1
	}
	slices.SortStableFunc(out, func(a, b Alert) int { return cmp.Compare(rank(b), rank(a)) })
	return out
}

// splitAlerts cuts as into messages of at most max alerts, as even as
// possible (45 alerts by 25: 23 and 22).
func splitAlerts(as []Alert, max int) [][]Alert {
	if max <= 0 {
		max = DefaultMaxGroupAlerts
	}
	n := (len(as) + max - 1) / max
	var out [][]Alert
	for i := range n {
		lo, hi := i*len(as)/n, (i+1)*len(as)/n
		out = append(out, slices.Clone(as[lo:hi]))
	}
	return out
}

// flushGroup merges the fresh alert messages ids (oldest first) into
// group messages, queues them and forgets the originals. The group
// messages are on disk before any original is removed: a crash between
// sends an alert twice, never not at all.
func (w *worker) flushGroup(ids []string, now time.Time) error {
	ob := w.d.opts.Outbox
	var entries []outbox.Entry
	var msgs []*Message
	for _, id := range ids {
		e, m, err := w.read(id)
		if err != nil || m == nil {
			continue // delivered, dropped or undecodable meanwhile
		}
		entries = append(entries, e)
		msgs = append(msgs, m)
	}
	if len(msgs) == 0 {
		return nil
	}
	oldest := msgs[0].Created
	for _, m := range msgs {
		if m.Created.Before(oldest) {
			oldest = m.Created
		}
	}
	parts := splitAlerts(mergeAlerts(msgs), w.d.opts.Group.MaxAlerts)
	for i, as := range parts {
		m := &Message{Kind: KindAlert, Alerts: as, Grouped: true, Created: now, ID: ob.NewID()}
		if len(parts) > 1 {
			m.Part, m.Parts = i+1, len(parts)
		}
		b, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("notifier: %w", err)
		}
		// Queued when its oldest round was: the age limit counts from there.
		if err := ob.Put(outbox.Entry{ID: m.ID, Channel: w.name, Created: oldest, Summary: Summary(m), Payload: b}); err != nil {
			return err
		}
	}
	for _, e := range entries {
		if err := ob.Delivered(e); err != nil {
			w.d.log.Error("grouped, but the outbox could not forget a round; it may be sent twice", "channel", w.name, "id", e.ID, "err", err)
		}
		delete(w.index, e.ID)
	}
	w.d.log.Debug("alerts grouped", "channel", w.name, "rounds", len(entries), "messages", len(parts))
	return nil
}
