package notifier

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Refresher is implemented by channels whose service forgets a firing
// alert that is not sent again: Alertmanager resolves an alert at its
// endsAt. The dispatcher does not queue these repeats (a late one is
// worthless; the next one replaces it): Refresh hands the channel every
// alert still firing that it was sent, every RefreshEvery.
type Refresher interface {
	Channel
	// Refresh sends firing again, directly, and says why it failed.
	Refresh(ctx context.Context, firing []Alert) error
	// RefreshEvery is how often the channel wants them.
	RefreshEvery() time.Duration
}

// RefreshEvery is the shortest interval of the channels that want their
// firing alerts again (Refresher), 0 when none does.
func (d *Dispatcher) RefreshEvery() time.Duration {
	var every time.Duration
	for _, c := range d.order {
		if r, ok := d.targets[c].target.Channel.(Refresher); ok {
			if e := r.RefreshEvery(); e > 0 && (every == 0 || e < every) {
				every = e
			}
		}
	}
	return every
}

// Refresh hands every Refresher channel the alerts of firing that went
// to it: the channels that were sent their firing (as recorded), or, for
// an alert with no record (it fired before the channel was configured),
// the channels its routes name. Errors name their channel.
func (d *Dispatcher) Refresh(ctx context.Context, firing []Alert) error {
	per := map[string][]Alert{}
	d.fired.mu.Lock()
	for _, a := range firing {
		if a.Resolved {
			continue
		}
		chans := d.Route(a)
		if fa, ok := d.fired.state[alertKey(a)]; ok {
			chans = fa.Channels
		}
		for _, c := range chans {
			per[c] = append(per[c], a)
		}
	}
	d.fired.mu.Unlock()
	var errs []error
	for _, c := range d.order {
		r, ok := d.targets[c].target.Channel.(Refresher)
		if !ok || len(per[c]) == 0 {
			continue
		}
		if err := r.Refresh(ctx, slices.Clone(per[c])); err != nil {
			errs = append(errs, fmt.Errorf("channel %s: %w", c, err))
		}
	}
	return errors.Join(errs...)
}
