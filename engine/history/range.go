package history

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"

	"lookout/entity"

	"lookout/engine"
)

// sample is one point read from a tier: the value a chart draws (the
// average for roll-ups) and the peak a downsampled bucket keeps (the
// maximum for roll-ups, the value itself for raw rows).
type sample struct {
	t    int64
	v    float64
	peak float64
}

// Range implements engine.Store: metric's points for host with from <= T
// <= to, oldest first. Each part of the span comes from the finest tier
// that holds it (raw samples, then minute, then ten-minute averages).
// Silences longer than three steps (the daemon was stopped) and failed
// polls are NaN points, so charts break their line there. With maxPoints >
// 0 the points are reduced to at most maxPoints buckets' minima and maxima;
// a roll-up bucket's maximum is the highest sample it held, so peaks
// survive any zoom.
func (s *Store) Range(host string, metric entity.Metric, from, to time.Time, maxPoints int) ([]entity.Point, error) {
	return s.RangeContext(context.Background(), host, metric, from, to, maxPoints)
}

// RangeContext is Range with a context.
func (s *Store) RangeContext(ctx context.Context, host string, metric entity.Metric, from, to time.Time, maxPoints int) ([]entity.Point, error) {
	s.flushForRead()
	s.mu.Lock()
	h, ok := s.hosts[host]
	if !ok {
		s.mu.Unlock()
		return nil, engine.ErrUnknownHost
	}
	idx, ok := h.index[metric]
	if !ok {
		s.mu.Unlock()
		return nil, nil
	}
	// The open chunks, copied: the writer appends to them.
	var open [3]openChunk
	for i, e := range []*chunkEnc{h.raw, h.roll[0].enc, h.roll[1].enc} {
		if e != nil && e.n > 0 {
			open[i] = openChunk{b: slices.Clone(e.bytes()), ticks: e.n, first: e.first, last: e.last}
		}
	}
	id := h.id
	s.mu.Unlock()

	lo, hi := from.UnixMilli(), to.UnixMilli()
	now := s.opt.Now()
	// Where each tier starts: anything older than the raw samples comes
	// from minute roll-ups, anything older than those from ten-minute ones.
	// Samples older than a tier's retention, counted back from the host's
	// newest sample (or now, if that is earlier), are not shown: chunks go
	// whole, when their last tick is that old.
	var starts [3]sql.NullInt64
	var newest sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT (SELECT MIN(t0) FROM raw_chunk WHERE host_id = ?1),
		(SELECT MIN(t0) FROM minute_chunk WHERE host_id = ?1), (SELECT MIN(t0) FROM ten_minute_chunk WHERE host_id = ?1),
		(SELECT MAX(t1) FROM raw_chunk WHERE host_id = ?1)`, id).
		Scan(&starts[0], &starts[1], &starts[2], &newest); err != nil {
		return nil, fmt.Errorf("history: range %s %s: %w", host, metric, err)
	}
	ref := now.UnixMilli()
	if open[0].ticks > 0 {
		newest = sql.NullInt64{Int64: max(newest.Int64, open[0].last), Valid: true}
	}
	if newest.Valid {
		ref = min(ref, newest.Int64)
	}
	for i, t := range tiers {
		if !starts[i].Valid && open[i].ticks > 0 {
			starts[i] = sql.NullInt64{Int64: open[i].first, Valid: true}
		}
		if starts[i].Valid {
			starts[i].Int64 = max(starts[i].Int64, ref-s.retention(t).Milliseconds())
		}
	}
	rawStart, minStart := starts[0], starts[1]
	end := hi + 1 // exclusive
	var out []sample
	type part struct {
		t        tier
		open     openChunk
		from, to int64 // [from, to)
	}
	rawFrom := end
	if rawStart.Valid {
		rawFrom = max(lo, rawStart.Int64)
	}
	minFrom := rawFrom
	if minStart.Valid {
		minFrom = max(lo, min(minStart.Int64, rawFrom))
	}
	tenFrom := lo
	if starts[2].Valid {
		tenFrom = max(lo, starts[2].Int64)
	}
	for _, p := range []part{{tierTen, open[2], tenFrom, minFrom}, {tierMinute, open[1], minFrom, rawFrom}, {tierRaw, open[0], rawFrom, end}} {
		if p.from >= p.to {
			continue
		}
		pts, err := s.read(ctx, p.t, id, idx, p.open, p.from, p.to)
		if err != nil {
			return nil, fmt.Errorf("history: range %s %s: %w", host, metric, err)
		}
		out = append(out, markSilences(pts, p.t.width)...)
	}
	return downsample(out, maxPoints), nil
}

// read returns one series' samples of one tier in [from, to): the closed
// chunks that hold any, then the open chunk.
func (s *Store) read(ctx context.Context, t tier, host int64, idx int, open openChunk, from, to int64) ([]sample, error) {
	// A chunk holds one hour: one starting before from's hour ends before from.
	// A chunk holds one span: one starting before from's span ends before
	// from. The open chunk may be written already (a day's ten-minute
	// chunk): it is read from memory.
	rows, err := s.r.QueryContext(ctx, `SELECT t0, n, data FROM `+t.name+
		`_chunk WHERE host_id = ? AND t0 >= ? AND t0 < ? ORDER BY t0`, host, floorTo(from, t.span()), to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sample
	var b []byte
	var n int
	var t0 int64
	for rows.Next() {
		if err := rows.Scan(&t0, &n, &b); err != nil {
			return nil, err
		}
		if open.ticks > 0 && t0 == open.first {
			continue
		}
		if out, err = decodeSeries(out, t, b, n, idx, from, to); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if open.ticks > 0 {
		return decodeSeries(out, t, open.b, open.ticks, idx, from, to)
	}
	return out, nil
}

// decodeSeries appends series idx's samples in [from, to) of one chunk.
func decodeSeries(out []sample, t tier, b []byte, n, idx int, from, to int64) ([]sample, error) {
	col := idx
	if t != tierRaw {
		col = -1 // the average and the maximum
	}
	err := decodeChunk(b, n, col, func(ts int64, vals []float32, gap bool) {
		if ts < from || ts >= to {
			return
		}
		if gap {
			out = append(out, sample{ts, math.NaN(), math.NaN()})
			return
		}
		if t == tierRaw {
			if v := float64(vals[0]); !math.IsNaN(v) {
				out = append(out, sample{ts, v, v})
			}
			return
		}
		if 2*idx+1 >= len(vals) {
			return // the series did not exist yet
		}
		if v := float64(vals[2*idx]); !math.IsNaN(v) {
			out = append(out, sample{ts, v, float64(vals[2*idx+1])})
		}
	})
	return out, err
}

// markSilences inserts a gap after any point followed by a silence longer
// than three steps. The step of a roll-up tier is its width; of raw rows,
// the median spacing.
func markSilences(pts []sample, step int64) []sample {
	if len(pts) < 2 {
		return pts
	}
	if step == 0 {
		d := make([]int64, 0, len(pts)-1)
		for i := 1; i < len(pts); i++ {
			d = append(d, pts[i].t-pts[i-1].t)
		}
		slices.Sort(d)
		step = d[len(d)/2]
		if step <= 0 {
			return pts
		}
	}
	var out []sample
	for i, p := range pts {
		if i > 0 && p.t-pts[i-1].t > 3*step && !math.IsNaN(pts[i-1].v) && !math.IsNaN(p.v) {
			if out == nil {
				out = append(make([]sample, 0, len(pts)+4), pts[:i]...)
			}
			out = append(out, sample{pts[i-1].t + step, math.NaN(), math.NaN()})
		}
		if out != nil {
			out = append(out, p)
		}
	}
	if out == nil {
		return pts
	}
	return out
}

// downsample is engine.Downsample over samples with peaks: each bucket
// keeps its lowest value, its highest peak and its first gap, in time
// order.
func downsample(pts []sample, maxPoints int) []entity.Point {
	if maxPoints <= 0 || len(pts) <= maxPoints {
		out := make([]entity.Point, len(pts))
		for i, p := range pts {
			out[i] = entity.Point{T: time.UnixMilli(p.t), V: p.v}
		}
		return out
	}
	perBucket := 2
	for _, p := range pts {
		if math.IsNaN(p.v) {
			perBucket = 3
			break
		}
	}
	buckets := max(max(maxPoints, 2)/perBucket, 1)
	out := make([]entity.Point, 0, buckets*perBucket)
	for b := 0; b < buckets; b++ {
		lo, hi := b*len(pts)/buckets, (b+1)*len(pts)/buckets
		minI, maxI, gap := -1, -1, -1
		for i := lo; i < hi; i++ {
			p := pts[i]
			if math.IsNaN(p.v) {
				if gap < 0 {
					gap = i
				}
				continue
			}
			if minI < 0 || p.v < pts[minI].v {
				minI = i
			}
			if maxI < 0 || p.peak > pts[maxI].peak {
				maxI = i
			}
		}
		idx := make([]int, 0, 3)
		for _, i := range []int{minI, maxI, gap} {
			if i >= 0 {
				idx = append(idx, i)
			}
		}
		slices.Sort(idx)
		for k, i := range idx {
			if k > 0 && idx[k-1] == i {
				continue
			}
			v := pts[i].v
			if i == maxI && i != minI {
				v = pts[i].peak
			} else if i == maxI && i == minI && pts[i].peak > v {
				// One point is both: keep the peak, the chart's top matters more.
				v = pts[i].peak
			}
			out = append(out, entity.Point{T: time.UnixMilli(pts[i].t), V: v})
		}
	}
	return out
}

var _ engine.Store = (*Store)(nil)
