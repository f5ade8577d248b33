package notifier

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// firedFile is the outbox's state file that records, per alert, which
// channels were sent its firing.
const firedFile = "fired.json"

// firedMaxAge is how long the record of an alert that never resolved is
// kept (a host removed from the configuration, say).
const firedMaxAge = 30 * 24 * time.Hour

// alertKey identifies an alert across its events: its host, its rule and
// what the rule watches (a disk rule fires once per mount).
func alertKey(a Alert) string { return a.Host + "\x00" + a.Rule + "\x00" + a.Metric }

// fired remembers which channels were sent the firing of each alert, so
// that its resolution reaches every one of them even when the routes by
// severity would send it elsewhere (a warning went to A, the alert rose
// to critical and went to B: both hear that it resolved). It lives in
// the outbox's directory, so that it survives a restart.
type fired struct {
	mu    sync.Mutex
	load  func() ([]byte, error)
	save  func([]byte) error
	state map[string]firedAlert
}

type firedAlert struct {
	Host     string    `json:"host"`
	Rule     string    `json:"rule"`
	Metric   string    `json:"metric,omitempty"`
	Channels []string  `json:"channels"`
	At       time.Time `json:"at"`
}

func newFired(load func() ([]byte, error), save func([]byte) error, now time.Time) (*fired, error) {
	f := &fired{load: load, save: save, state: map[string]firedAlert{}}
	b, err := load()
	if err != nil {
		return nil, err
	}
	if len(b) > 0 {
		var list []firedAlert
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("notifier: %s: %w", firedFile, err)
		}
		for _, fa := range list {
			if now.Sub(fa.At) < firedMaxAge {
				f.state[alertKey(Alert{Host: fa.Host, Rule: fa.Rule, Metric: fa.Metric})] = fa
			}
		}
	}
	return f, nil
}

// route returns the channels of a: for a firing alert, routed (and they
// are recorded); for a resolved one, routed and every channel that was
// sent its firing (and the record is forgotten). changed tells whether
// the record must be saved.
func (f *fired) route(a Alert, routed []string, now time.Time) (out []string, changed bool) {
	k := alertKey(a)
	fa, had := f.state[k]
	if a.Resolved {
		if !had {
			return routed, false
		}
		delete(f.state, k)
		out = slices.Clone(routed)
		for _, c := range fa.Channels {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out, true
	}
	if !had {
		fa = firedAlert{Host: a.Host, Rule: a.Rule, Metric: a.Metric}
	}
	for _, c := range routed {
		if !slices.Contains(fa.Channels, c) {
			fa.Channels = append(fa.Channels, c)
			changed = true
		}
	}
	if changed || now.Sub(fa.At) > time.Hour {
		fa.At, changed = now, true
	}
	f.state[k] = fa
	return routed, changed
}

// write saves the record.
func (f *fired) write() error {
	list := make([]firedAlert, 0, len(f.state))
	for _, fa := range f.state {
		list = append(list, fa)
	}
	slices.SortFunc(list, func(a, b firedAlert) int {
		return strings.Compare(alertKey(Alert{Host: a.Host, Rule: a.Rule, Metric: a.Metric}), alertKey(Alert{Host: b.Host, Rule: b.Rule, Metric: b.Metric}))
	})
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return fmt.Errorf("notifier: %w", err)
	}
	return f.save(b)
}
