package history

import (
	"math"
	"math/rand/v2"
	"testing"
)

type tick struct {
	t    int64
	vals []float32
	gap  bool
}

func roundTrip(t *testing.T, ticks []tick) {
	t.Helper()
	e := newChunkEnc()
	for _, k := range ticks {
		e.append(k.t, k.vals, k.gap)
	}
	i := 0
	err := decodeChunk(e.bytes(), e.n, -1, func(ts int64, vals []float32, gap bool) {
		want := ticks[i]
		if ts != want.t || gap != want.gap || len(vals) != len(want.vals) && !gap {
			t.Fatalf("tick %d: %d %v gap=%v, want %d %v gap=%v", i, ts, vals, gap, want.t, want.vals, want.gap)
		}
		for j, v := range vals {
			w := round(want.vals[j])
			if math.Float32bits(v) != math.Float32bits(w) && !(v != v && w != w) {
				t.Fatalf("tick %d column %d: %v, want %v (of %v)", i, j, v, w, want.vals[j])
			}
		}
		i++
	})
	if err != nil || i != len(ticks) {
		t.Fatalf("decoded %d of %d ticks: %v", i, len(ticks), err)
	}
	// One column at a time, as Range reads.
	for col := 0; col < 3; col++ {
		i = 0
		err := decodeChunk(e.bytes(), e.n, col, func(ts int64, vals []float32, gap bool) {
			if !gap {
				var w float32 = float32(math.NaN())
				if col < len(ticks[i].vals) {
					w = round(ticks[i].vals[col])
				}
				if math.Float32bits(vals[0]) != math.Float32bits(w) && !(vals[0] != vals[0] && w != w) {
					t.Fatalf("tick %d column %d alone: %v, want %v", i, col, vals[0], w)
				}
			}
			i++
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestChunkRoundTrip(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	tests := []struct {
		name  string
		ticks []tick
	}{
		{"one tick", []tick{{1_700_000_000_000, []float32{1, 2, 3}, false}}},
		{"steady", []tick{{0, []float32{5, 5}, false}, {10_000, []float32{5, 5}, false}, {20_000, []float32{5, 5}, false}}},
		{"jitter and skips", []tick{{0, []float32{1}, false}, {10_003, []float32{1.5}, false}, {19_998, []float32{2}, false},
			{60_000, []float32{3}, false}, {60_001, []float32{4}, false}, {10_000_000_000, []float32{5}, false}, {-5, []float32{6}, false}}},
		{"gaps and no values", []tick{{0, []float32{nan, 1}, false}, {1000, nil, true}, {2000, []float32{2, nan}, false},
			{3000, []float32{nan, nan}, false}, {4000, []float32{3, 4}, false}}},
		{"columns come and go", []tick{{0, []float32{1}, false}, {1, []float32{1, 2, 3}, false}, {2, []float32{1, 2}, false},
			{3, []float32{}, false}, {4, []float32{7, 8, 9, 10}, false}}},
		{"extremes", []tick{{0, []float32{0, -1, 1e30, -1e-30, inf, float32(math.Inf(-1)), math.MaxFloat32}, false},
			{1, []float32{-0.0, 1, -1e30, 1e-30, 0, inf, -math.MaxFloat32}, false}}},
		{"every step size", []tick{{0, []float32{100}, false}, {1, []float32{100.01}, false}, {2, []float32{100.3}, false},
			{3, []float32{104}, false}, {4, []float32{300}, false}, {5, []float32{299.9}, false}, {6, []float32{1}, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { roundTrip(t, tt.ticks) })
	}
}

func TestChunkRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for run := range 50 {
		var ticks []tick
		ts := int64(rng.IntN(1 << 40))
		ncol := 1 + rng.IntN(40)
		for range 1 + rng.IntN(800) {
			ts += int64(rng.IntN(20_000))
			if rng.IntN(50) == 0 {
				ticks = append(ticks, tick{ts, nil, true})
				continue
			}
			if rng.IntN(100) == 0 {
				ncol = rng.IntN(40)
			}
			vals := make([]float32, ncol)
			for j := range vals {
				switch rng.IntN(10) {
				case 0:
					vals[j] = float32(math.NaN())
				case 1:
					vals[j] = float32(rng.NormFloat64() * 1e9)
				default:
					vals[j] = float32(50 + rng.NormFloat64()*float64(j))
				}
			}
			ticks = append(ticks, tick{ts, vals, false})
		}
		t.Run("", func(t *testing.T) { _ = run; roundTrip(t, ticks) })
	}
}

func TestRoundPrecision(t *testing.T) {
	for _, v := range []float32{99.95, 0.013, 0.12, 61.5, 1e9, 3.14159, 1234567, 1.9999, 2.0001, -0.5} {
		r := round(v)
		bound := math.Max(math.Abs(float64(v))/(1<<(precisionBits+1)), 1.0/(1<<(absoluteBits+1)))
		if math.Abs(float64(r-v)) > bound*1.0001 {
			t.Errorf("round(%v) = %v, error %g > %g", v, r, math.Abs(float64(r-v)), bound)
		}
		if round(r) != r {
			t.Errorf("round(round(%v)) = %v, want %v", v, round(r), r)
		}
	}
	for _, v := range []float32{0, 1, 2, 100, 61.5, 4095, -3, 0.5, 0.25} {
		if round(v) != v {
			t.Errorf("round(%v) = %v, want it exact", v, round(v))
		}
	}
}

// TestQuantizeMonotone: the integers grow with the value, one step at a
// time across the change from absolute to relative steps.
func TestQuantizeMonotone(t *testing.T) {
	prev := quantize(-10)
	for v := float32(-10); v < 10; v += 0.0001 {
		q := quantize(v)
		if q < prev || q > prev+1 {
			t.Fatalf("quantize(%v) = %d after %d", v, q, prev)
		}
		prev = q
	}
}

func TestChunkTruncated(t *testing.T) {
	e := newChunkEnc()
	for i := range 10 {
		e.append(int64(i)*1000, []float32{float32(i), 3}, false)
	}
	if err := decodeChunk(e.bytes()[:len(e.bytes())/2], e.n, -1, func(int64, []float32, bool) {}); err == nil {
		t.Error("a truncated chunk decoded without an error")
	}
}
