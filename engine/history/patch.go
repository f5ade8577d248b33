package history

import (
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The pending table holds the open raw chunks, so a crash loses at most
// the last commit: each commit appends one row of patches, one per host
// whose open chunk grew,
//
//	host id, offset, ticks, length (uvarints), then length bytes
//
// meaning "the host's open chunk is its first offset bytes, then these
// bytes, and holds that many ticks". The offset is where the previous
// commit's bytes ended, rounded down to a byte (a chunk is a bit stream);
// offset 0 starts a new chunk (ticks 0: the host has no open chunk).
// Appending rows in key order writes only new pages, so a commit costs
// about the bytes its samples take, not a rewritten page per host.

func appendPatch(b []byte, host int64, off, ticks int, data []byte) []byte {
	b = binary.AppendUvarint(b, uint64(host))
	b = binary.AppendUvarint(b, uint64(off))
	b = binary.AppendUvarint(b, uint64(ticks))
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}

// openChunk is a host's open chunk rebuilt from the pending rows.
type openChunk struct {
	b     []byte
	ticks int
	first int64 // the row holding its start (replay); its first tick (reads)
	last  int64 // its last tick (reads)
}

var errPatch = errors.New("history: unreadable pending row")

// applyPatches applies one pending row to chunks.
func applyPatches(chunks map[int64]*openChunk, seq int64, row []byte) error {
	for len(row) > 0 {
		var f [4]uint64
		for i := range f {
			v, n := binary.Uvarint(row)
			if n <= 0 {
				return errPatch
			}
			f[i], row = v, row[n:]
		}
		host, off, ticks, n := int64(f[0]), f[1], int(f[2]), f[3]
		if n > uint64(len(row)) {
			return errPatch
		}
		c := chunks[host]
		if c == nil {
			c = &openChunk{}
			chunks[host] = c
		}
		if off == 0 {
			c.b, c.first = nil, seq
		}
		if off > uint64(len(c.b)) {
			return errPatch
		}
		c.b = append(c.b[:off], row[:n]...)
		c.ticks = ticks
		row = row[n:]
	}
	return nil
}

// loadState reads the hosts, their series and their open chunks (the
// pending rows, replayed through the roll-ups as the appends were).
func (s *Store) loadState(db interface {
	Query(string, ...any) (*sql.Rows, error)
}) error {
	hosts := map[string]*hostState{}
	byID := map[int64]*hostState{}
	err := query(db, `SELECT id, name FROM hosts`, func(rows *sql.Rows) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		h := newHostState(id, name)
		hosts[name], byID[id] = h, h
		return nil
	})
	if err == nil {
		err = query(db, `SELECT host_id, idx, metric FROM series`, func(rows *sql.Rows) error {
			var id int64
			var idx int
			var m string
			if err := rows.Scan(&id, &idx, &m); err != nil {
				return err
			}
			if h := byID[id]; h != nil {
				h.index[m] = idx
				h.nSer = max(h.nSer, idx+1)
			}
			return nil
		})
	}
	chunks := map[int64]*openChunk{}
	var last int64
	if err == nil {
		err = query(db, `SELECT seq, data FROM pending ORDER BY seq`, func(rows *sql.Rows) error {
			var seq int64
			var b []byte
			if err := rows.Scan(&seq, &b); err != nil {
				return err
			}
			last = seq
			return applyPatches(chunks, seq, b)
		})
	}
	if err != nil {
		return fmt.Errorf("history: load: %w", err)
	}
	lo := last + 1
	for id, c := range chunks {
		h := byID[id]
		if h == nil || c.ticks == 0 {
			continue
		}
		// The day's ten-minute chunk so far, when the open hour is in its day.
		if first, ok := chunkFirst(c.b); ok {
			if err := s.reopenTen(db, h, first); err != nil {
				return fmt.Errorf("history: load: %w", err)
			}
		}
		err := decodeChunk(c.b, c.ticks, -1, func(t int64, vals []float32, gap bool) {
			s.addTick(nil, h, t, vals, gap)
		})
		if err != nil {
			s.opt.Log.Warn("history: unreadable open chunk, its hour is lost", "host", h.name, "err", err)
			h.raw, h.roll = nil, [2]rollTier{{bucket: -1}, {bucket: -1}}
			continue
		}
		h.saved, h.restart, h.dirty, h.first = int(h.raw.w.n/8), false, false, c.first
		lo = min(lo, c.first)
	}
	s.hosts, s.pendingLo = hosts, lo
	return nil
}

// chunkFirst is the time of a chunk's first tick.
func chunkFirst(b []byte) (int64, bool) {
	r := bitReader{b: b, pos: 16}
	v, err := r.read(64)
	return int64(v), err == nil
}

// reopenTen makes the host's newest ten-minute chunk its open one again
// when it is of the same day as at (the open hour's first tick).
func (s *Store) reopenTen(db interface {
	Query(string, ...any) (*sql.Rows, error)
}, h *hostState, at int64) error {
	var n int
	var t0 int64
	var b []byte
	err := query(db, fmt.Sprintf(`SELECT t0, n, data FROM ten_minute_chunk WHERE host_id = %d ORDER BY t0 DESC LIMIT 1`, h.id),
		func(rows *sql.Rows) error { return rows.Scan(&t0, &n, &b) })
	if err != nil || b == nil || floorTo(t0, chunkDay) != floorTo(at, chunkDay) {
		return err
	}
	e := newChunkEnc()
	if err := decodeChunk(b, n, -1, func(t int64, vals []float32, gap bool) { e.append(t, vals, gap) }); err != nil {
		s.opt.Log.Warn("history: unreadable ten-minute chunk, a new one starts", "host", h.name, "err", err)
		return nil
	}
	h.roll[1].enc = e
	return nil
}

func query(db interface {
	Query(string, ...any) (*sql.Rows, error)
}, q string, f func(*sql.Rows) error) error {
	rows, err := db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// addTick adds one tick (values by column, or a gap) to the host's open
// chunks: the raw chunk and the roll-ups' buckets. A tick in a new hour
// first closes the chunks of the last (tx nil: replaying, which never
// crosses an hour).
func (s *Store) addTick(tx *sql.Tx, h *hostState, t int64, vals []float32, gap bool) error {
	hour := floorTo(t, chunkHour)
	if h.raw != nil && hour != h.hour && tx != nil {
		if err := s.closeHost(tx, h, t); err != nil {
			return err
		}
	}
	if h.raw == nil {
		h.raw, h.hour, h.saved, h.restart = newChunkEnc(), hour, 0, true
	}
	for i, v := range vals {
		vals[i] = round(v) // the roll-ups see what the chunk keeps, also on replay
	}
	h.raw.append(t, vals, gap)
	h.dirty = true
	for i := range h.roll {
		h.roll[i].add(rollTiers[i].width, t, vals, gap, h.nSer)
	}
	return nil
}

// closeHost writes the host's chunks of its hour: the raw chunk and the
// roll-ups, the buckets still open included (nothing more can reach them).
// The ten-minute chunk stays open, written so far, when next (the tick
// that closes the hour; -1: none) is in the same day.
func (s *Store) closeHost(tx *sql.Tx, h *hostState, next int64) error {
	for i := range h.roll {
		h.roll[i].emit()
	}
	encs := []*chunkEnc{h.raw, h.roll[0].enc, h.roll[1].enc}
	for i, t := range tiers {
		e := encs[i]
		if e == nil || e.n == 0 {
			continue
		}
		// The day's ten-minute chunk replaces what it wrote at the last
		// hour. A raw or minute chunk never replaces one: the same first
		// tick twice means the clock went back, and the chunk written first
		// is kept whole.
		verb := "INSERT OR IGNORE"
		if t == tierTen {
			verb = "INSERT OR REPLACE"
		}
		if _, err := tx.Exec(verb+` INTO `+t.name+`_chunk (host_id, t0, t1, n, data) VALUES (?, ?, ?, ?, ?)`,
			h.id, e.first, e.last, e.n, e.bytes()); err != nil {
			return err
		}
	}
	if ten := h.roll[1].enc; ten == nil || next < 0 || floorTo(next, chunkDay) != floorTo(ten.first, chunkDay) {
		h.roll[1].enc = nil
	}
	h.raw, h.roll[0].enc = nil, nil
	h.restart, h.dirty, h.saved = true, true, 0
	if next < 0 {
		// Closed for silence: Prune ages a silent host out.
		return nil
	}
	return s.pruneHost(tx, h.id)
}

// rollTiers are the roll-up tiers, in hostState.roll's order.
var rollTiers = [2]tier{tierMinute, tierTen}

// rollTier is a host's open chunk of one roll-up tier: the hour's
// completed buckets and the bucket being summed.
type rollTier struct {
	enc    *chunkEnc
	bucket int64 // start of the open bucket; -1: none
	first  int64 // its first tick: the bucket's row is dated there
	agg    bucketAgg
	out    []float32
}

func (r *rollTier) add(width, t int64, vals []float32, gap bool, nSer int) {
	b := floorTo(t, width)
	if r.bucket >= 0 && b != r.bucket {
		r.emit()
	}
	if r.bucket < 0 {
		r.bucket, r.first = b, t
		r.agg.reset(nSer)
	}
	if gap {
		r.agg.add(nil)
	} else {
		r.agg.add(vals)
	}
}

// emit appends the open bucket (if any) to the tier's chunk.
func (r *rollTier) emit() {
	if r.bucket < 0 {
		return
	}
	r.bucket = -1
	if r.agg.rows == 0 {
		return
	}
	if r.enc == nil {
		r.enc = newChunkEnc()
	}
	if r.agg.data == 0 {
		r.enc.append(r.first, nil, true)
		return
	}
	r.out = r.agg.values(r.out)
	r.enc.append(r.first, r.out, false)
}

// bucketAgg accumulates one bucket's ticks.
type bucketAgg struct {
	rows int // ticks seen, gaps included
	data int // ticks with values
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

// add counts one tick; nil vals is a gap.
func (a *bucketAgg) add(vals []float32) {
	a.rows++
	if vals == nil {
		return
	}
	a.data++
	for i := 0; i < len(vals) && i < len(a.sum); i++ {
		v := float64(vals[i])
		if math.IsNaN(v) {
			continue
		}
		a.sum[i] += v
		a.n[i]++
		a.max[i] = math.Max(a.max[i], v)
	}
}

// values is the bucket as (average, maximum) pairs by series, NaN where a
// series had no value.
func (a *bucketAgg) values(out []float32) []float32 {
	out = append(out[:0], make([]float32, 2*len(a.sum))...)
	for i := range a.sum {
		avg, mx := math.NaN(), math.NaN()
		if a.n[i] > 0 {
			avg, mx = a.sum[i]/float64(a.n[i]), a.max[i]
		}
		out[2*i], out[2*i+1] = float32(avg), float32(mx)
	}
	return out
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
