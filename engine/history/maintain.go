package history

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// minKeep is how much of each tier the size cap never deletes.
const minKeep = time.Hour

func (s *Store) retention(t tier) time.Duration {
	switch t {
	case tierRaw:
		return s.opt.RawRetention
	case tierMinute:
		return s.opt.MinuteRetention
	}
	return s.opt.TenMinuteRetention
}

// pruneHost deletes the host's chunks whose every tick is older than each
// tier's retention (Range does not show the older ticks of the others).
func (s *Store) pruneHost(tx *sql.Tx, host int64) error {
	now := s.opt.Now()
	for _, t := range tiers {
		cut := now.Add(-s.retention(t)).UnixMilli()
		if _, err := tx.Exec(`DELETE FROM `+t.name+`_chunk WHERE host_id = ? AND t1 < ?`, host, cut); err != nil {
			return err
		}
	}
	return nil
}

// Prune applies retention to every host and then the size cap. Append
// already prunes each host once a minute; the daemon calls Prune on a
// timer so that hosts no longer polled age out too.
func (s *Store) Prune(ctx context.Context) error {
	if s.w == nil {
		return ErrReadOnly
	}
	s.flushForRead()
	s.mu.Lock()
	ids, err := s.hostIDs(ctx)
	if err == nil {
		err = s.tx(func(tx *sql.Tx) error {
			// Hosts silent since their hour ended have their chunks closed
			// first, so retention reaches their last hour too.
			if err := s.closeIdle(tx, s.opt.Now()); err != nil {
				return err
			}
			if err := s.writePending(tx); err != nil {
				return err
			}
			for _, id := range ids {
				if err := s.pruneHost(tx, id); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err == nil {
		err = s.capLocked(ctx)
	}
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("history: prune: %w", err)
	}
	return nil
}

func (s *Store) hostIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.w.QueryContext(ctx, `SELECT id FROM hosts`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// maybeCap enforces the size cap at most once a minute.
func (s *Store) maybeCap() {
	if s.opt.MaxSize < 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opt.Now()
	if now.Sub(s.lastPrune) < time.Minute && !s.lastPrune.IsZero() {
		return
	}
	s.lastPrune = now
	if err := s.capLocked(context.Background()); err != nil {
		s.opt.Log.Error("history: size cap", "err", err)
	}
}

// capLocked deletes the oldest tenth of every tier of every host (never
// the last hour) until the data fits MaxSize, then gives the freed pages
// back to the file system.
func (s *Store) capLocked(ctx context.Context) error {
	if s.opt.MaxSize < 0 {
		return nil
	}
	trimmed := false
	for round := 0; round < 40; round++ {
		used, err := s.usedBytes(s.w)
		if err != nil {
			return err
		}
		if used <= s.opt.MaxSize {
			break
		}
		ids, err := s.hostIDs(ctx)
		if err != nil {
			return err
		}
		var deleted int64
		err = s.tx(func(tx *sql.Tx) error {
			for _, id := range ids {
				for _, t := range tiers {
					var lo, hi sql.NullInt64
					if err := tx.QueryRow(`SELECT MIN(t0), MAX(t1) FROM `+t.name+`_chunk WHERE host_id = ?`, id).Scan(&lo, &hi); err != nil {
						return err
					}
					if !lo.Valid {
						continue
					}
					cut := min(lo.Int64+(hi.Int64-lo.Int64)/10+1, hi.Int64-minKeep.Milliseconds())
					if cut <= lo.Int64 {
						continue
					}
					res, err := tx.Exec(`DELETE FROM `+t.name+`_chunk WHERE host_id = ? AND t1 < ?`, id, cut)
					if err != nil {
						return err
					}
					n, _ := res.RowsAffected()
					deleted += n
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if _, err := s.w.ExecContext(ctx, `PRAGMA incremental_vacuum`); err != nil {
			return err
		}
		trimmed = true
		if deleted == 0 {
			s.opt.Log.Warn("history: max size is too small to hold an hour of every tier", "max_bytes", s.opt.MaxSize, "used_bytes", used)
			break
		}
	}
	if trimmed {
		_, err := s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
		return err
	}
	return nil
}
