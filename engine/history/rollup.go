package history

import (
	"database/sql"
	"math"
)

// rollUp aggregates the host's raw rows of every bucket completed by a
// sample at ms into the roll-up tiers, and applies retention to the host
// when a new minute was rolled up. It runs inside the tick's transaction.
func (s *Store) rollUp(tx *sql.Tx, h *hostState, ms int64) error {
	advanced := false
	for _, t := range []tier{tierMinute, tierTen} {
		cur := h.cursor[t.name]
		if cur == 0 {
			var err error
			if cur, err = initCursor(tx, h.id, t); err != nil {
				return err
			}
			if cur == 0 { // no rows at all yet
				cur = floorTo(ms, t.width)
			}
		}
		end := floorTo(ms, t.width)
		if end <= cur {
			h.cursor[t.name] = cur
			continue
		}
		if err := s.aggregate(tx, h, t, cur, end); err != nil {
			return err
		}
		h.cursor[t.name] = end
		advanced = true
	}
	if advanced {
		h.prune = true
	}
	return nil
}

// initCursor finds where a tier's roll-ups of a host stopped: the bucket
// after its newest row, or the bucket of the oldest raw row when the tier
// is empty. 0 means the host has no rows.
func initCursor(tx *sql.Tx, host int64, t tier) (int64, error) {
	var last sql.NullInt64
	if err := tx.QueryRow(`SELECT MAX(t) FROM `+t.name+` WHERE host_id = ?`, host).Scan(&last); err != nil {
		return 0, err
	}
	if last.Valid {
		// Rows are dated at their first sample, not at the bucket start.
		return floorTo(last.Int64, t.width) + t.width, nil
	}
	var first sql.NullInt64
	if err := tx.QueryRow(`SELECT MIN(t) FROM raw WHERE host_id = ?`, host).Scan(&first); err != nil {
		return 0, err
	}
	if !first.Valid {
		return 0, nil
	}
	return floorTo(first.Int64, t.width), nil
}

// aggregate writes the average and maximum of every series over each of
// t's buckets in [from, to) from the raw rows. A bucket with only gap rows
// is written as a gap; a bucket with no rows is not written. A bucket's row
// is dated at the first raw row it summarises (never before the data: a
// host first polled at 14:07 has no ten-minute point at 14:00), and a
// bucket written again replaces its earlier row.
func (s *Store) aggregate(tx *sql.Tx, h *hostState, t tier, from, to int64) error {
	rows, err := tx.Query(`SELECT t, vals FROM raw WHERE host_id = ? AND t >= ? AND t < ? ORDER BY t`, h.id, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	ins, err := tx.Prepare(`INSERT OR REPLACE INTO ` + t.name + ` (host_id, t, vals) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	del, err := tx.Prepare(`DELETE FROM ` + t.name + ` WHERE host_id = ? AND t >= ? AND t < ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	var agg bucketAgg
	bucket, first := int64(-1), int64(0)
	// Rows are collected first: SQLite's single writer connection cannot
	// insert while the query's cursor is open on the same transaction
	// safely across drivers, so flush after the scan.
	type out struct {
		bucket, t int64
		vals      []byte
	}
	var outs []out
	flush := func() {
		if bucket >= 0 && agg.rows > 0 {
			outs = append(outs, out{bucket, first, agg.blob()})
		}
	}
	for rows.Next() {
		var ts int64
		var vals []byte
		if err := rows.Scan(&ts, &vals); err != nil {
			return err
		}
		if b := floorTo(ts, t.width); b != bucket {
			flush()
			bucket, first = b, ts
			agg.reset(h.nSer)
		}
		agg.add(vals)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	flush()
	for _, o := range outs {
		if _, err := del.Exec(h.id, o.bucket, o.bucket+t.width); err != nil {
			return err
		}
		if _, err := ins.Exec(h.id, o.t, o.vals); err != nil {
			return err
		}
	}
	return nil
}

// bucketAgg accumulates one bucket's raw rows.
type bucketAgg struct {
	rows int // rows seen, gaps included
	data int // rows with values
	sum  []float64
	n    []int
	max  []float64
}

func (a *bucketAgg) reset(nSer int) {
	a.rows, a.data = 0, 0
	a.sum = resize(a.sum, nSer)
	a.max = resize(a.max, nSer)
	if cap(a.n) >= nSer {
		a.n = a.n[:nSer]
		clear(a.n)
	} else {
		a.n = make([]int, nSer)
	}
	for i := range a.max {
		a.max[i] = math.Inf(-1)
	}
}

func resize(s []float64, n int) []float64 {
	if cap(s) >= n {
		s = s[:n]
		clear(s)
		return s
	}
	return make([]float64, n)
}

func (a *bucketAgg) add(vals []byte) {
	a.rows++
	if vals == nil {
		return
	}
	a.data++
	for i := 0; i < len(vals)/4 && i < len(a.sum); i++ {
		v := float64(getF32(vals, i))
		if math.IsNaN(v) {
			continue
		}
		a.sum[i] += v
		a.n[i]++
		a.max[i] = math.Max(a.max[i], v)
	}
}

// blob encodes the bucket as (average, maximum) float32 pairs; nil when
// the bucket held only gaps.
func (a *bucketAgg) blob() []byte {
	if a.data == 0 {
		return nil
	}
	b := make([]byte, 8*len(a.sum))
	for i := range a.sum {
		avg, mx := math.NaN(), math.NaN()
		if a.n[i] > 0 {
			avg, mx = a.sum[i]/float64(a.n[i]), a.max[i]
		}
		putF32(b, 2*i, float32(avg))
		putF32(b, 2*i+1, float32(mx))
	}
	return b
}

// floorTo rounds ms down to a multiple of width (width 0: unchanged).
func floorTo(ms, width int64) int64 {
	if width <= 0 {
		return ms
	}
	r := ms % width
	if r < 0 {
		r += width
	}
	return ms - r
}
