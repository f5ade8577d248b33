package history

import (
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
)

// migrate converts a database of the first schema (tables raw, minute and
// ten_minute: a row per host and tick, a float32 per series) to chunks, in
// one transaction, keeping every sample (rounded as chunks keep them).
// Each host's rows before the hour of its newest raw row become closed
// chunks; the raw rows of that hour are appended as new ticks are (they
// make the open chunk and its roll-ups, so the next poll carries on).
func (s *Store) migrate() error {
	var v, old int
	if err := s.w.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("history: migrate: %w", err)
	}
	if v >= schemaVersion {
		return nil
	}
	if err := s.w.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'raw'`).Scan(&old); err != nil {
		return fmt.Errorf("history: migrate: %w", err)
	}
	if old > 0 {
		s.opt.Log.Info("history: converting the database to compressed chunks, once (a large history takes a minute or two)", "path", s.opt.Path)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.tx(func(tx *sql.Tx) error {
		if old > 0 {
			for _, h := range s.hosts {
				if err := s.migrateHost(tx, h); err != nil {
					return fmt.Errorf("host %s: %w", h.name, err)
				}
			}
			if err := s.writePending(tx); err != nil {
				return err
			}
			for _, t := range tiers {
				if _, err := tx.Exec(`DROP TABLE IF EXISTS ` + t.name); err != nil {
					return err
				}
			}
		}
		_, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion))
		return err
	})
	if err != nil {
		return fmt.Errorf("history: migrate %s: %w", s.opt.Path, err)
	}
	if old > 0 {
		s.opt.Log.Info("history: converted the database to compressed chunks", "path", s.opt.Path)
		if _, err := s.w.Exec(`PRAGMA incremental_vacuum`); err != nil {
			return fmt.Errorf("history: migrate: %w", err)
		}
	}
	return nil
}

func (s *Store) migrateHost(tx *sql.Tx, h *hostState) error {
	var last sql.NullInt64
	if err := tx.QueryRow(`SELECT MAX(t) FROM raw WHERE host_id = ?`, h.id).Scan(&last); err != nil {
		return err
	}
	openHour := int64(math.MaxInt64)
	if last.Valid {
		openHour = floorTo(last.Int64, chunkHour)
	}
	for _, t := range tiers {
		width := h.nSer
		if t != tierRaw {
			width = 2 * h.nSer
		}
		var e *chunkEnc
		hour := int64(-1)
		flush := func() error {
			if e == nil || e.n == 0 {
				return nil
			}
			_, err := tx.Exec(`INSERT OR REPLACE INTO `+t.name+`_chunk (host_id, t0, t1, n, data) VALUES (?, ?, ?, ?, ?)`,
				h.id, e.first, e.last, e.n, e.bytes())
			e = nil
			return err
		}
		rows, err := tx.Query(`SELECT t, vals FROM `+t.name+` WHERE host_id = ? ORDER BY t`, h.id)
		if err != nil {
			return err
		}
		type tick struct {
			t    int64
			vals []float32
		}
		var openTicks []tick // raw rows of the open hour, appended after the scan
		for rows.Next() {
			var ts int64
			var b []byte
			if err := rows.Scan(&ts, &b); err != nil {
				rows.Close()
				return err
			}
			var vals []float32
			if b != nil {
				vals = make([]float32, width)
				for i := range vals {
					vals[i] = float32(math.NaN())
					if 4*i+4 <= len(b) {
						vals[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
					}
				}
			}
			if ts >= openHour {
				if t == tierRaw {
					openTicks = append(openTicks, tick{ts, vals})
				}
				continue // roll-ups of the open hour are made again from its raw rows
			}
			if hr := floorTo(ts, t.span()); hr != hour {
				if err := flush(); err != nil {
					rows.Close()
					return err
				}
				hour = hr
			}
			if e == nil {
				e = newChunkEnc()
			}
			e.append(ts, vals, vals == nil)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return err
		}
		rows.Close()
		if err := flush(); err != nil {
			return err
		}
		for _, k := range openTicks {
			if err := s.addTick(tx, h, k.t, k.vals, k.vals == nil); err != nil {
				return err
			}
		}
	}
	return nil
}
