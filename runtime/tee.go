package runtime

import (
	"log/slog"
	"time"

	"lookout/entity"

	"lookout/engine"
)

// Tee is the Store the monitor's sampler appends to: the in-memory ring
// for live views and, when configured, the history database. Reads of
// recent spans come from the ring, older ones from the history.
type Tee struct {
	Ring *engine.Ring
	// Disk is the history store (nil: none).
	Disk engine.Store
	// RingSpan is how far back the ring reaches (the config's retention).
	RingSpan time.Duration
	Log      *slog.Logger
	Now      func() time.Time
}

// Append writes to the ring, then to the history. A history error is
// returned (the sampler logs it) but the ring always has the sample.
func (t *Tee) Append(s entity.Snapshot) error {
	if err := t.Ring.Append(s); err != nil {
		return err
	}
	if t.Disk != nil {
		return t.Disk.Append(s)
	}
	return nil
}

// AppendGap records a failed poll in both stores.
func (t *Tee) AppendGap(host string, at time.Time) {
	t.Ring.AppendGap(host, at)
	if g, ok := t.Disk.(interface{ AppendGap(string, time.Time) }); ok {
		g.AppendGap(host, at)
	}
}

// Latest returns the ring's newest snapshot, or the history's after a
// restart.
func (t *Tee) Latest(host string) (entity.Snapshot, bool) {
	if s, ok := t.Ring.Latest(host); ok {
		return s, true
	}
	if t.Disk != nil {
		return t.Disk.Latest(host)
	}
	return entity.Snapshot{}, false
}

// Range reads spans within the ring's reach from the ring, and longer or
// older ones (and hosts the ring has not seen since a restart) from the
// history.
func (t *Tee) Range(host string, m entity.Metric, from, to time.Time, maxPoints int) ([]entity.Point, error) {
	if t.Disk == nil {
		return t.Ring.Range(host, m, from, to, maxPoints)
	}
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	if from.After(now().Add(-t.RingSpan)) {
		if _, seen := t.Ring.Latest(host); seen {
			// The ring only starts at this process' first poll: after a
			// restart the hours before it are on disk.
			pts, err := t.Ring.Range(host, m, from, to, 0)
			if err == nil && len(pts) > 0 && !pts[0].T.After(from.Add(2*time.Minute)) {
				return engine.Downsample(pts, maxPoints), nil
			}
		}
	}
	return t.Disk.Range(host, m, from, to, maxPoints)
}

var _ engine.Store = (*Tee)(nil)

// Hosts lists the hosts polled since start (the ring's), so reports find
// every host, including a Prometheus fleet's instances.
func (t *Tee) Hosts() []string { return t.Ring.Hosts() }
