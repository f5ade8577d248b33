package history

import (
	"context"
	"database/sql"
	"errors"
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
	var id int64
	var idx sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT h.id, s.idx FROM hosts h LEFT JOIN series s ON s.host_id = h.id AND s.metric = ? WHERE h.name = ?`,
		metric, host).Scan(&id, &idx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, engine.ErrUnknownHost
	}
	if err != nil {
		return nil, fmt.Errorf("history: range %s %s: %w", host, metric, err)
	}
	if !idx.Valid {
		return nil, nil
	}
	lo, hi := from.UnixMilli(), to.UnixMilli()
	// Where each tier starts: anything older than the raw rows comes from
	// minute rows, anything older than those from ten-minute rows.
	var rawStart, minStart sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT (SELECT MIN(t) FROM raw WHERE host_id = ?1), (SELECT MIN(t) FROM minute WHERE host_id = ?1)`, id).
		Scan(&rawStart, &minStart); err != nil {
		return nil, fmt.Errorf("history: range %s %s: %w", host, metric, err)
	}
	end := hi + 1 // exclusive
	var out []sample
	type part struct {
		t        tier
		from, to int64 // [from, to)
	}
	var parts []part
	rawFrom := end
	if rawStart.Valid {
		rawFrom = max(lo, rawStart.Int64)
	}
	minFrom := rawFrom
	if minStart.Valid {
		minFrom = max(lo, min(minStart.Int64, rawFrom))
	}
	parts = append(parts, part{tierTen, lo, minFrom}, part{tierMinute, minFrom, rawFrom}, part{tierRaw, rawFrom, end})
	for _, p := range parts {
		if p.from >= p.to {
			continue
		}
		pts, err := s.read(ctx, p.t, id, int(idx.Int64), p.from, p.to)
		if err != nil {
			return nil, fmt.Errorf("history: range %s %s: %w", host, metric, err)
		}
		out = append(out, markSilences(pts, p.t.width)...)
	}
	return downsample(out, maxPoints), nil
}

// read returns one series' samples of one tier in [from, to). Only the
// series' bytes leave SQLite (substr on the blob).
func (s *Store) read(ctx context.Context, t tier, host int64, idx int, from, to int64) ([]sample, error) {
	width := 4
	if t != tierRaw {
		width = 8
	}
	rows, err := s.r.QueryContext(ctx, `SELECT t, vals IS NULL, substr(vals, ?, ?) FROM `+t.name+
		` WHERE host_id = ? AND t >= ? AND t < ? ORDER BY t`, idx*width+1, width, host, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sample
	var b []byte
	for rows.Next() {
		var ts int64
		var gap bool
		if err := rows.Scan(&ts, &gap, &b); err != nil {
			return nil, err
		}
		if gap {
			out = append(out, sample{ts, math.NaN(), math.NaN()})
			continue
		}
		if len(b) < width {
			continue // the series did not exist yet
		}
		v := float64(getF32(b, 0))
		if math.IsNaN(v) {
			continue // the series had no value then
		}
		peak := v
		if width == 8 {
			peak = float64(getF32(b, 1))
		}
		out = append(out, sample{ts, v, peak})
	}
	return out, rows.Err()
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
