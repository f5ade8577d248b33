package history

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"lookout/entity"
)

// Tick is one tick of a tier as stored: a value (with its bucket's
// maximum in the roll-up tiers), a series without a value then (V NaN,
// Gap false: a first reading's rates), or a failed poll (Gap; for a
// roll-up, a bucket of failed polls only).
type Tick struct {
	T      time.Time
	V, Max float64
	Gap    bool
}

// Ticks returns every tick stored for host's metric in one tier ("raw",
// "minute" or "ten_minute") with from <= T < to, oldest first, the open
// hour included: what tests and tools check the store against, where
// Range answers charts (across tiers, with silences and downsampling).
func (s *Store) Ticks(ctx context.Context, tierName, host string, metric entity.Metric, from, to time.Time) ([]Tick, error) {
	ti := slices.IndexFunc(tiers, func(t tier) bool { return t.name == tierName })
	if ti < 0 {
		return nil, fmt.Errorf("history: no tier %q", tierName)
	}
	t := tiers[ti]
	s.flushForRead()
	s.mu.Lock()
	h, ok := s.hosts[host]
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("history: no host %q", host)
	}
	idx, ok := h.index[metric]
	e := []*chunkEnc{h.raw, h.roll[0].enc, h.roll[1].enc}[ti]
	var open openChunk
	if e != nil && e.n > 0 {
		open = openChunk{b: slices.Clone(e.bytes()), ticks: e.n, first: e.first}
	}
	id := h.id
	s.mu.Unlock()
	if !ok {
		return nil, nil
	}
	lo, hi := from.UnixMilli(), to.UnixMilli()
	rows, err := s.r.QueryContext(ctx, `SELECT t0, n, data FROM `+t.name+`_chunk WHERE host_id = ? AND t0 >= ? AND t0 < ? ORDER BY t0`,
		id, floorTo(lo, t.span()), hi)
	if err != nil {
		return nil, fmt.Errorf("history: ticks: %w", err)
	}
	defer rows.Close()
	var out []Tick
	add := func(b []byte, n int) error {
		return decodeChunk(b, n, -1, func(ts int64, vals []float32, gap bool) {
			if ts < lo || ts >= hi {
				return
			}
			k := Tick{T: time.UnixMilli(ts), V: math.NaN(), Max: math.NaN(), Gap: gap}
			switch {
			case gap:
			case t == tierRaw && idx < len(vals):
				k.V, k.Max = float64(vals[idx]), float64(vals[idx])
			case t != tierRaw && 2*idx+1 < len(vals):
				k.V, k.Max = float64(vals[2*idx]), float64(vals[2*idx+1])
			}
			out = append(out, k)
		})
	}
	for rows.Next() {
		var n int
		var t0 int64
		var b []byte
		if err := rows.Scan(&t0, &n, &b); err != nil {
			return nil, fmt.Errorf("history: ticks: %w", err)
		}
		if open.ticks > 0 && t0 == open.first {
			continue // the open chunk, written so far: read from memory
		}
		if err := add(b, n); err != nil {
			return nil, fmt.Errorf("history: ticks: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: ticks: %w", err)
	}
	if open.ticks > 0 {
		if err := add(open.b, open.ticks); err != nil {
			return nil, fmt.Errorf("history: ticks: %w", err)
		}
	}
	return out, nil
}
