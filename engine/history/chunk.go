package history

import (
	"errors"
	"math"
)

// A chunk is one host's ticks of one tier over (at most) an hour, Gorilla
// style (Pelkonen et al., "Gorilla: A Fast, Scalable, In-Memory Time Series
// Database", VLDB 2015): one bit stream, tick after tick, each tick its
// time as a delta of deltas and then every column's value. The host's
// series share the tick's time, so a poll's timestamp costs its bits once,
// not once per series (poll times jitter by milliseconds, which costs
// Gorilla ~9 bits per sample when every series carries its own).
//
// Values are float32 rounded to precisionBits significant bits (a relative
// error of at most 2^-(precisionBits+1), 0.012 %: 99.95 % is kept as
// 99.95±0.012). Each value is coded as the difference of its rounded bit
// pattern from the column's previous one: the bit pattern of a float is
// monotone in its value, so a series that moves a little costs a few bits
// and one that holds still costs one bit, in Gorilla's variable-length
// buckets. (Gorilla XORs the float bits instead; on measured series that
// move by small steps the difference is shorter, and both spend one bit
// on a repeat.)
//
// The blob starts with one byte, the precision shift, so that a later
// version may change the precision and still read old chunks.
//
// Stream, per tick:
//
//	time    first tick: 64 bits; then the delta of deltas in ms:
//	        '0' 0 | '10' 7 bits | '110' 10 bits | '1110' 15 bits | '1111' 64 bits
//	kind    '0' values, as many columns as before |
//	        '10' gap (the host could not be read; no values) |
//	        '11' 16 bits: a new column count, then values
//	values  per column, the change of the rounded value:
//	        '0' none | '10' 4 bits | '110' 7 bits | '1110' 12 bits |
//	        '11110' 32 bits: the rounded value itself | '11111' no value (NaN)
const (
	precisionBits = 12
	chunkShift    = 23 - precisionBits
)

// bitWriter appends bits, most significant first.
type bitWriter struct {
	b []byte
	n uint64 // bits written
}

func (w *bitWriter) write(v uint64, bits uint) {
	for bits > 0 {
		if w.n%8 == 0 {
			w.b = append(w.b, 0)
		}
		free := 8 - uint(w.n%8)
		take := min(free, bits)
		chunk := byte(v>>(bits-take)) & byte(1<<take-1)
		w.b[len(w.b)-1] |= chunk << (free - take)
		w.n += uint64(take)
		bits -= take
	}
}

func (w *bitWriter) bit(on bool) {
	if on {
		w.write(1, 1)
	} else {
		w.write(0, 1)
	}
}

// bitReader reads what a bitWriter wrote.
type bitReader struct {
	b   []byte
	pos uint64
}

var errShort = errors.New("history: chunk ends early")

func (r *bitReader) read(bits uint) (uint64, error) {
	if r.pos+uint64(bits) > uint64(len(r.b))*8 {
		return 0, errShort
	}
	var v uint64
	for bits > 0 {
		avail := 8 - uint(r.pos%8)
		take := min(avail, bits)
		by := r.b[r.pos/8]
		v = v<<take | uint64(by>>(avail-take)&byte(1<<take-1))
		r.pos += uint64(take)
		bits -= take
	}
	return v, nil
}

// ones counts leading 1 bits, at most limit, consuming them and the 0
// that ends them (when fewer than limit).
func (r *bitReader) ones(limit int) (int, error) {
	n := 0
	for n < limit {
		b, err := r.read(1)
		if err != nil {
			return 0, err
		}
		if b == 0 {
			return n, nil
		}
		n++
	}
	return n, nil
}

// quantize rounds v to precisionBits significant bits and returns the
// monotone integer image of its bit pattern.
func quantize(v float32) int64 {
	b := math.Float32bits(v)
	mag := b & 0x7fffffff
	if mag < 0x7f800000 { // finite: round to nearest; may carry into the exponent (still monotone)
		mag = min((mag+1<<(chunkShift-1))>>chunkShift, 0x7f7fffff>>chunkShift) // never rounds to Inf
	} else {
		mag >>= chunkShift // ±Inf
	}
	if b&0x80000000 != 0 {
		return -int64(mag)
	}
	return int64(mag)
}

func dequantize(q int64) float32 {
	if q < 0 {
		return math.Float32frombits(uint32(-q)<<chunkShift | 0x80000000)
	}
	return math.Float32frombits(uint32(q) << chunkShift)
}

// round is v as a chunk keeps it.
func round(v float32) float32 {
	if v != v {
		return v
	}
	return dequantize(quantize(v))
}

// chunkEnc builds one chunk.
type chunkEnc struct {
	w      bitWriter
	n      int // ticks
	first  int64
	last   int64
	dLast  int64
	prev   []int64 // per column: the last rounded value
	hasVal []bool
}

func newChunkEnc() *chunkEnc {
	e := &chunkEnc{}
	e.w.write(chunkShift, 8)
	return e
}

// bytes is the chunk as stored (it stays valid until the next append).
func (e *chunkEnc) bytes() []byte { return e.w.b }

// append adds one tick: vals by column (NaN: no value), or a gap.
func (e *chunkEnc) append(t int64, vals []float32, gap bool) {
	w := &e.w
	switch e.n {
	case 0:
		w.write(uint64(t), 64)
		e.first = t
	default:
		d := t - e.last
		putDod(w, d-e.dLast)
		e.dLast = d
	}
	e.last = t
	e.n++
	if gap {
		w.write(0b10, 2)
		return
	}
	if len(vals) != len(e.prev) {
		w.write(0b11, 2)
		w.write(uint64(len(vals)), 16)
		if len(vals) > len(e.prev) {
			e.prev = append(e.prev, make([]int64, len(vals)-len(e.prev))...)
			e.hasVal = append(e.hasVal, make([]bool, len(vals)-len(e.hasVal))...)
		} else {
			e.prev, e.hasVal = e.prev[:len(vals)], e.hasVal[:len(vals)]
		}
	} else {
		w.bit(false)
	}
	for i, v := range vals {
		if v != v {
			w.write(0b11111, 5)
			continue
		}
		q := quantize(v)
		d := q - e.prev[i]
		switch {
		case !e.hasVal[i]:
			w.write(0b11110, 5)
			w.write(uint64(uint32(int32(q))), 32)
		case d == 0:
			w.bit(false)
		case d >= -8 && d < 8:
			w.write(0b10, 2)
			w.write(uint64(d)&0xf, 4)
		case d >= -64 && d < 64:
			w.write(0b110, 3)
			w.write(uint64(d)&0x7f, 7)
		case d >= -2048 && d < 2048:
			w.write(0b1110, 4)
			w.write(uint64(d)&0xfff, 12)
		default:
			w.write(0b11110, 5)
			w.write(uint64(uint32(int32(q))), 32)
		}
		e.prev[i], e.hasVal[i] = q, true
	}
}

func putDod(w *bitWriter, dod int64) {
	switch {
	case dod == 0:
		w.bit(false)
	case dod >= -64 && dod < 64:
		w.write(0b10, 2)
		w.write(uint64(dod)&0x7f, 7)
	case dod >= -512 && dod < 512:
		w.write(0b110, 3)
		w.write(uint64(dod)&0x3ff, 10)
	case dod >= -16384 && dod < 16384:
		w.write(0b1110, 4)
		w.write(uint64(dod)&0x7fff, 15)
	default:
		w.write(0b1111, 4)
		w.write(uint64(dod), 64)
	}
}

// signExtend reads an n-bit two's complement number.
func signExtend(v uint64, bits uint) int64 {
	return int64(v<<(64-bits)) >> (64 - bits)
}

// decodeChunk calls f for each of the chunk's n ticks, oldest first, with
// the tick's values (NaN: no value; reused between calls) or gap. col >= 0
// decodes every column but hands f only that one (vals has one element,
// NaN where the column did not exist yet).
func decodeChunk(blob []byte, n int, col int, f func(t int64, vals []float32, gap bool)) error {
	if len(blob) == 0 {
		if n == 0 {
			return nil
		}
		return errShort
	}
	shift := uint(blob[0])
	if shift > 23 {
		return errors.New("history: chunk of an unknown format")
	}
	r := bitReader{b: blob, pos: 8}
	var t, dLast int64
	var prev []int64
	var hasVal []bool
	var vals []float32
	one := make([]float32, 1)
	deq := func(q int64) float32 {
		if q < 0 {
			return math.Float32frombits(uint32(-q)<<shift | 0x80000000)
		}
		return math.Float32frombits(uint32(q) << shift)
	}
	for i := 0; i < n; i++ {
		if i == 0 {
			v, err := r.read(64)
			if err != nil {
				return err
			}
			t = int64(v)
		} else {
			dod, err := readDod(&r)
			if err != nil {
				return err
			}
			dLast += dod
			t += dLast
		}
		k, err := r.ones(2)
		if err != nil {
			return err
		}
		switch k {
		case 1: // gap
			f(t, nil, true)
			continue
		case 2:
			c, err := r.read(16)
			if err != nil {
				return err
			}
			nc := int(c)
			for len(prev) < nc {
				prev, hasVal, vals = append(prev, 0), append(hasVal, false), append(vals, 0)
			}
			prev, hasVal, vals = prev[:nc], hasVal[:nc], vals[:nc]
		}
		for j := range prev {
			k, err := r.ones(5)
			if err != nil {
				return err
			}
			var d int64
			switch k {
			case 0:
			case 1:
				v, err := r.read(4)
				if err != nil {
					return err
				}
				d = signExtend(v, 4)
			case 2:
				v, err := r.read(7)
				if err != nil {
					return err
				}
				d = signExtend(v, 7)
			case 3:
				v, err := r.read(12)
				if err != nil {
					return err
				}
				d = signExtend(v, 12)
			case 4:
				v, err := r.read(32)
				if err != nil {
					return err
				}
				prev[j], hasVal[j] = int64(int32(uint32(v))), true
				vals[j] = deq(prev[j])
				continue
			case 5:
				vals[j] = float32(math.NaN())
				continue
			}
			prev[j] += d
			vals[j] = deq(prev[j])
		}
		if col >= 0 {
			one[0] = float32(math.NaN())
			if col < len(vals) {
				one[0] = vals[col]
			}
			f(t, one, false)
		} else {
			f(t, vals, false)
		}
	}
	return nil
}

func readDod(r *bitReader) (int64, error) {
	k, err := r.ones(4)
	if err != nil {
		return 0, err
	}
	var bits uint
	switch k {
	case 0:
		return 0, nil
	case 1:
		bits = 7
	case 2:
		bits = 10
	case 3:
		bits = 15
	default:
		v, err := r.read(64)
		return int64(v), err
	}
	v, err := r.read(bits)
	if err != nil {
		return 0, err
	}
	return signExtend(v, bits), nil
}
