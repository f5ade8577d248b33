package chart

import (
	"math"
	"time"

	"lookout/entity"

	"gonum.org/v1/gonum/interp"
)

// Smooth resamples pts onto n instants evenly spaced from the first point's
// time to the last's, along a Fritsch–Butland monotone cubic (gonum
// interp.FritschButland). Between two inputs the curve is monotone, so it
// never leaves the range of those two values: a smoothed CPU curve does not
// dip below 0 % or pass 100 % the way the seed script's cubic B-spline does.
// Every output is also clamped to that pair's range, against rounding.
//
// pts must be in time order and hold no gap (NaN): split a series at its
// gaps first (Runs does). Points that share a time with their predecessor
// are skipped. With fewer than three distinct times, or n < 2, the input is
// returned as it is.
func Smooth(pts []entity.Point, n int) []entity.Point {
	if n < 2 || len(pts) < 3 {
		return pts
	}
	t0 := pts[0].T
	xs := make([]float64, 0, len(pts))
	ys := make([]float64, 0, len(pts))
	for _, p := range pts {
		x := p.T.Sub(t0).Seconds()
		if len(xs) > 0 && x <= xs[len(xs)-1] {
			continue
		}
		xs, ys = append(xs, x), append(ys, p.V)
	}
	if len(xs) < 3 {
		return pts
	}
	var fb interp.FritschButland
	if err := fb.Fit(xs, ys); err != nil {
		return pts
	}
	out := make([]entity.Point, n)
	last := xs[len(xs)-1]
	seg := 0
	for i := range n {
		x := last * float64(i) / float64(n-1)
		if i == n-1 {
			x = last
		}
		for seg < len(xs)-2 && x > xs[seg+1] {
			seg++
		}
		lo, hi := math.Min(ys[seg], ys[seg+1]), math.Max(ys[seg], ys[seg+1])
		v := math.Max(lo, math.Min(hi, fb.Predict(x)))
		out[i] = entity.Point{T: t0.Add(time.Duration(x * float64(time.Second))), V: v}
	}
	return out
}

// Runs splits pts at gaps: NaN points, and silences longer than maxGap
// between consecutive points (maxGap <= 0: only NaN splits). The runs share
// pts's backing array.
func Runs(pts []entity.Point, maxGap time.Duration) [][]entity.Point {
	var runs [][]entity.Point
	start := -1
	for i, p := range pts {
		if math.IsNaN(p.V) {
			if start >= 0 {
				runs = append(runs, pts[start:i])
				start = -1
			}
			continue
		}
		if start >= 0 && maxGap > 0 && p.T.Sub(pts[i-1].T) > maxGap {
			runs = append(runs, pts[start:i])
			start = -1
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		runs = append(runs, pts[start:])
	}
	return runs
}

// typicalStep returns the median time between consecutive points, the
// series' sampling interval; 0 for fewer than two points.
func typicalStep(pts []entity.Point) time.Duration {
	if len(pts) < 2 {
		return 0
	}
	// A sample of at most 257 gaps spread over the series keeps this cheap
	// for a day at 1 s.
	stride := max(1, (len(pts)-1)/256)
	ds := make([]time.Duration, 0, 257)
	for i := stride; i < len(pts); i += stride {
		if d := pts[i].T.Sub(pts[i-stride].T) / time.Duration(stride); d > 0 {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		return 0
	}
	return quickMedian(ds)
}

func quickMedian(ds []time.Duration) time.Duration {
	// Insertion sort: at most 257 elements.
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j] < ds[j-1]; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
	return ds[len(ds)/2]
}
