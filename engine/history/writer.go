package history

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"lookout/entity"
)

// writer is the queue of appends waiting for their commit and the
// goroutine that commits them every CommitEvery.
type writer struct {
	mu    sync.Mutex
	items []queued
	err   error // the last background commit's error, returned by the next Append

	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// queued is one Append or AppendGap (gap: no values).
type queued struct {
	snap entity.Snapshot
	gap  bool
}

func (s *Store) startWriter() {
	s.q.stop = make(chan struct{})
	s.q.done = make(chan struct{})
	if s.opt.CommitEvery < 0 {
		close(s.q.done)
		return
	}
	go func() {
		defer close(s.q.done)
		tick := time.NewTicker(s.opt.CommitEvery)
		defer tick.Stop()
		for {
			select {
			case <-s.q.stop:
				return
			case <-tick.C:
				if err := s.commit(false); err != nil {
					s.opt.Log.Error("history: commit", "err", err)
					s.q.mu.Lock()
					s.q.err = err
					s.q.mu.Unlock()
				}
			}
		}
	}()
}

func (s *Store) stopWriter() {
	if s.q.stop == nil {
		return
	}
	s.q.stopOnce.Do(func() { close(s.q.stop) })
	<-s.q.done
}

// Append queues every metric of snap as one raw row. The queue is
// committed in one transaction every CommitEvery (which also rolls up the
// hosts' completed minutes and applies retention), when it holds too many
// appends, by Flush, and by Close. Reads (Range, Hosts, Metrics) commit the
// queue first, so they see every Append that returned.
func (s *Store) Append(snap entity.Snapshot) error {
	if snap.Host == "" {
		return errors.New("history: append: snapshot has no host")
	}
	if s.w == nil {
		return ErrReadOnly
	}
	s.latestMu.Lock()
	s.latest[snap.Host] = snap
	s.latestDirty[snap.Host] = true
	s.latestMu.Unlock()
	return s.enqueue(queued{snap: snap})
}

// AppendGap records that host could not be read at t: charts break their
// line there.
func (s *Store) AppendGap(host string, t time.Time) {
	if s.w == nil {
		return
	}
	if err := s.enqueue(queued{snap: entity.Snapshot{Host: host, Time: t}, gap: true}); err != nil {
		s.opt.Log.Error("history: append gap", "host", host, "err", err)
	}
}

func (s *Store) enqueue(it queued) error {
	s.q.mu.Lock()
	s.q.items = append(s.q.items, it)
	due := s.opt.CommitEvery < 0 || len(s.q.items) >= maxQueue
	err := s.q.err
	s.q.err = nil
	s.q.mu.Unlock()
	if due {
		return errors.Join(err, s.commit(false))
	}
	return err
}

// pending reports whether appends wait for their commit.
func (s *Store) pending() bool {
	s.q.mu.Lock()
	defer s.q.mu.Unlock()
	return len(s.q.items) > 0
}

// Flush commits the queued appends now.
func (s *Store) Flush() error {
	if s.w == nil {
		return nil
	}
	return s.commit(false)
}

// flushForRead commits the queue before a read, so reads see every Append.
func (s *Store) flushForRead() {
	if s.w != nil && s.pending() {
		if err := s.commit(false); err != nil {
			s.opt.Log.Error("history: commit", "err", err)
		}
	}
}

// commit writes the queued appends, and the latest snapshots when they are
// due (or allLatest), in one transaction.
func (s *Store) commit(allLatest bool) error {
	s.mu.Lock()
	s.q.mu.Lock()
	items := s.q.items
	s.q.items = nil
	s.q.mu.Unlock()

	now := s.opt.Now()
	var latest map[string][]byte
	if allLatest || now.Sub(s.latestSaved) >= s.opt.LatestEvery {
		latest = map[string][]byte{}
		s.latestMu.Lock()
		for h := range s.latestDirty {
			js, err := json.Marshal(s.latest[h])
			if err != nil {
				s.latestMu.Unlock()
				s.mu.Unlock()
				return fmt.Errorf("history: latest %s: %w", h, err)
			}
			latest[h] = js
		}
		clear(s.latestDirty)
		s.latestMu.Unlock()
	}
	if len(items) == 0 && len(latest) == 0 {
		s.mu.Unlock()
		return nil
	}
	err := s.tx(func(tx *sql.Tx) error {
		for _, it := range items {
			if err := s.insert(tx, it); err != nil {
				return fmt.Errorf("append %s: %w", it.snap.Host, err)
			}
		}
		if err := s.closeIdle(tx, now); err != nil {
			return err
		}
		if err := s.writePending(tx); err != nil {
			return err
		}
		for host, js := range latest {
			h, err := s.host(tx, host)
			if err != nil {
				return err
			}
			if _, err := tx.Stmt(s.stmts.upLatest).Exec(h.id, js); err != nil {
				return err
			}
		}
		return nil
	})
	if latest != nil {
		if err == nil {
			s.latestSaved = now
		} else {
			s.latestMu.Lock()
			for h := range latest {
				s.latestDirty[h] = true
			}
			s.latestMu.Unlock()
		}
	}
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("history: commit %d appends: %w", len(items), err)
	}
	s.maybeCap()
	return nil
}

// insert adds one queued append to its host's open chunks.
func (s *Store) insert(tx *sql.Tx, it queued) error {
	h, err := s.host(tx, it.snap.Host)
	if err != nil {
		return err
	}
	ms := it.snap.Time.UnixMilli()
	if it.gap {
		return s.addTick(tx, h, ms, nil, true)
	}
	// One pass over the snapshot (Each): series without a value, such as
	// the rates of a first reading (RatesUnknown), stay NaN, a gap.
	type mv struct {
		m entity.Metric
		v float64
	}
	var vals []mv
	it.snap.Each(func(m entity.Metric, v float64) { vals = append(vals, mv{m, v}) })
	for _, x := range vals {
		if _, ok := h.index[x.m]; !ok {
			if err := s.addSeries(tx, h, x.m); err != nil {
				return err
			}
		}
	}
	row := make([]float32, h.nSer)
	for i := range row {
		row[i] = float32(math.NaN())
	}
	for _, x := range vals {
		row[h.index[x.m]] = float32(x.v)
	}
	return s.addTick(tx, h, ms, row, false)
}

// idleClose is how long after its hour ends a host's open chunks are
// closed when no new tick closed them (the host is no longer polled).
const idleClose = 5 * time.Minute

// closeIdle closes the open chunks of hosts silent since their hour ended.
func (s *Store) closeIdle(tx *sql.Tx, now time.Time) error {
	cut := now.Add(-idleClose).UnixMilli()
	for _, h := range s.hosts {
		if h.raw != nil && h.hour+chunkHour <= cut {
			if err := s.closeHost(tx, h, -1); err != nil {
				return err
			}
		}
	}
	return nil
}

// writePending appends the commit's row of patches and deletes the rows
// no open chunk needs any more.
func (s *Store) writePending(tx *sql.Tx) error {
	var row []byte
	for _, h := range s.hosts {
		if !h.dirty {
			continue
		}
		off := h.saved
		if h.restart {
			off = 0
		}
		var data []byte
		ticks := 0
		if h.raw != nil {
			data, ticks = h.raw.bytes()[off:], h.raw.n
		}
		row = appendPatch(row, h.id, off, ticks, data)
	}
	if len(row) == 0 {
		return nil
	}
	res, err := tx.Stmt(s.stmts.insPending).Exec(row)
	if err != nil {
		return err
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return err
	}
	lo := seq + 1
	for _, h := range s.hosts {
		if h.dirty {
			if h.raw != nil {
				h.saved = int(h.raw.w.n / 8)
			}
			h.dirty = false
		}
		if h.restart {
			h.first, h.restart = seq, false
		}
		if h.raw != nil {
			lo = min(lo, h.first)
		}
	}
	if lo > s.pendingLo {
		if _, err := tx.Exec(`DELETE FROM pending WHERE seq < ?`, lo); err != nil {
			return err
		}
		s.pendingLo = lo
	}
	return nil
}
