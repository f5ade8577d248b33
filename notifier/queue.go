package notifier

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"lookout/internal/human"
	"lookout/notifier/outbox"
)

// QueueLimits bound each channel's queue in the outbox, so that a
// service that was down for a day does not leave hours of stale messages
// in front of a new critical alert.
type QueueLimits struct {
	// MaxMessages is the most messages queued per channel (default
	// DefaultMaxMessages); beyond it the least urgent, oldest messages are
	// moved to the dead letters.
	MaxMessages int
	// MaxAge is how long a message may wait (default DefaultMaxAge);
	// older ones are moved to the dead letters.
	MaxAge time.Duration
}

// Defaults of QueueLimits.
const (
	DefaultMaxMessages = 1000
	DefaultMaxAge      = 24 * time.Hour
)

// Reasons a queued message is moved to the dead letters without being
// sent, as `lookout outbox` shows them.
const (
	ReasonSuperseded = "superseded by a newer message of the same alert"
)

// ReasonFull is the reason of a message dropped because its channel's
// queue holds more than max messages.
func ReasonFull(max int) string { return fmt.Sprintf("dropped: outbox full (max %d)", max) }

// ReasonTooOld is the reason of a message older than maxAge.
func ReasonTooOld(maxAge time.Duration) string {
	return "dropped: older than " + human.ShortDuration(maxAge)
}

// queued is what the queue's planning needs to know of one message.
type queued struct {
	ID      string
	Created time.Time
	// Critical is a message with a firing critical alert: it goes first.
	Critical bool
	// States are the message's alerts by alertKey, with their state
	// ("firing critical", "resolved"); empty for reports and tests.
	States map[string]string
	// Started is a message some parts of which the service has accepted:
	// it is never superseded (its text is already in the chat).
	Started bool
	// Fresh is a round of alerts a group may take (see groupable).
	Fresh bool
}

// describe is what planQueue needs of e, whose message is m.
func describe(e outbox.Entry, m *Message) queued {
	q := queued{ID: e.ID, Created: e.Created, Started: m.PartsSent > 0, Fresh: groupable(e, m)}
	if m.Kind != KindAlert {
		return q
	}
	q.States = map[string]string{}
	for _, a := range m.Alerts {
		st := "resolved"
		if !a.Resolved {
			st = "firing " + a.Severity.String()
			if a.Severity == Critical {
				q.Critical = true
			}
		}
		q.States[alertKey(a)] = st
	}
	return q
}

// drop is a message planQueue moves to the dead letters, and why.
type drop struct {
	ID     string
	Reason string
}

// planQueue decides what happens to a channel's queue (in any order):
// the messages to drop, and the order to deliver the others in.
//
//   - A message whose every alert has a newer state in a later message
//     (a firing superseded by a newer firing or by its resolution, a
//     resolution superseded by the alert firing again) is dropped: the
//     newer message tells the channel everything.
//   - A message older than lim.MaxAge is dropped.
//   - Beyond lim.MaxMessages, the least urgent messages, oldest first,
//     are dropped.
//   - The rest go critical firings first, then the others, oldest first
//     within each class.
func planQueue(q []queued, now time.Time, lim QueueLimits) (order []queued, drops []drop) {
	q = slices.Clone(q)
	slices.SortFunc(q, func(a, b queued) int { return strings.Compare(a.ID, b.ID) })
	newer := map[string]bool{}
	keep := make([]bool, len(q))
	for i := len(q) - 1; i >= 0; i-- {
		m := q[i]
		superseded := len(m.States) > 0 && !m.Started
		for k := range m.States {
			if !newer[k] {
				superseded = false
			}
		}
		for k := range m.States {
			newer[k] = true
		}
		switch {
		case superseded:
			drops = append(drops, drop{m.ID, ReasonSuperseded})
		case lim.MaxAge > 0 && now.Sub(m.Created) > lim.MaxAge:
			drops = append(drops, drop{m.ID, ReasonTooOld(lim.MaxAge)})
		default:
			keep[i] = true
		}
	}
	for i, m := range q {
		if keep[i] {
			order = append(order, m)
		}
	}
	slices.SortStableFunc(order, func(a, b queued) int {
		if a.Critical != b.Critical {
			if a.Critical {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if lim.MaxMessages > 0 && len(order) > lim.MaxMessages {
		// The tail of the order is the least urgent and newest; drop the
		// least urgent class's oldest first, so keep its newest.
		over := len(order) - lim.MaxMessages
		firstOther := slices.IndexFunc(order, func(m queued) bool { return !m.Critical })
		if firstOther < 0 {
			firstOther = len(order)
		}
		others, crits := order[firstOther:], order[:firstOther]
		n := min(over, len(others))
		for _, m := range others[:n] {
			drops = append(drops, drop{m.ID, ReasonFull(lim.MaxMessages)})
		}
		others = others[n:]
		over -= n
		for _, m := range crits[:over] {
			drops = append(drops, drop{m.ID, ReasonFull(lim.MaxMessages)})
		}
		crits = crits[over:]
		order = append(slices.Clone(crits), others...)
	}
	return order, drops
}
