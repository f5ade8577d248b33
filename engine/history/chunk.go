package history

import (
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
)

// A chunk is one host's ticks of one tier over (at most) an hour, Gorilla
// style (Pelkonen et al., "Gorilla: A Fast, Scalable, In-Memory Time Series
// Database", VLDB 2015): one bit stream, tick after tick, each tick its
// time as a delta of deltas and then every column's value. The host's
// series share the tick's time, so a poll's timestamp costs its bits once,
// not once per series (poll times jitter by milliseconds, which costs
// Gorilla ~9 bits per sample when every series carries its own).
//
// Values are float32 rounded to precisionBits significant bits, or to
// steps of 2^-absoluteBits below 2 (quantizer): an error of at most
// 0.025 % or 0.0005, so 99.95 % is kept as 99.95±0.025 and a load of
// 0.12 as 0.12±0.0005. Each value is coded as the change of its rounded
// integer from the column's previous one, zigzagged, in a Rice code whose
// parameter follows the column's recent changes: a series that holds still
// costs one bit, one that moves a little a few. (Gorilla XORs the float
// bits instead, which costs a noisy gauge most of its mantissa; measured
// on the benchmark fleet this code is about half the size.)
//
// The blob starts with two bytes, the precision and absolute bits, so a
// later version may change them and still read old chunks.
//
// Stream, per tick:
//
//	time    first tick: 64 bits; then the delta of deltas in ms:
//	        '0' 0 | '10' 7 bits | '110' 10 bits | '1110' 15 bits | '1111' 64 bits
//	kind    '0' values, as many columns as before |
//	        '10' gap (the host could not be read; no values) |
//	        '11' 16 bits: a new column count, then values
//	values  per column, the change of the rounded integer, zigzagged,
//	        Rice-coded with k = the column's running mean's bit length - 1:
//	        the high part in unary ('1's and a '0'), then k bits;
//	        16 '1's escape: '0' no value (NaN) | '1' the integer itself, 32 bits
const (
	precisionBits = 11
	absoluteBits  = 10
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

// bitReader reads what a bitWriter wrote, through a 64-bit window.
type bitReader struct {
	b   []byte
	pos uint64
}

var errShort = errors.New("history: chunk ends early")

// window returns the next bits, most significant first: at least 57 of
// them are the stream's (zeros past its end).
func (r *bitReader) window() uint64 {
	i := r.pos >> 3
	var w uint64
	if i+8 <= uint64(len(r.b)) {
		w = binary.BigEndian.Uint64(r.b[i:])
	} else {
		for j := uint64(0); j < 8; j++ {
			w <<= 8
			if i+j < uint64(len(r.b)) {
				w |= uint64(r.b[i+j])
			}
		}
	}
	return w << (r.pos & 7)
}

func (r *bitReader) read(bits uint) (uint64, error) {
	if bits == 0 {
		return 0, nil
	}
	if r.pos+uint64(bits) > uint64(len(r.b))*8 {
		return 0, errShort
	}
	if bits > 56 {
		hi, _ := r.read(bits - 32)
		lo, _ := r.read(32)
		return hi<<32 | lo, nil
	}
	v := r.window() >> (64 - bits)
	r.pos += uint64(bits)
	return v, nil
}

// ones counts leading 1 bits, at most limit (<= 56), consuming them and
// the 0 that ends them (when fewer than limit).
func (r *bitReader) ones(limit int) (int, error) {
	n := min(bits.LeadingZeros64(^r.window()), limit)
	used := uint64(n)
	if n < limit {
		used++
	}
	if r.pos+used > uint64(len(r.b))*8 {
		return 0, errShort
	}
	r.pos += used
	return n, nil
}

// A quantizer maps float32 values to integers and back: below 2^(rel-abs)
// in magnitude a step of 2^-abs, above it a relative step of 2^-rel (the
// float's mantissa rounded to rel bits). The two meet where both steps are
// equal, so the integers are continuous and monotone in the value: a
// series that moves a little moves its integer a little, near 0 too.
type quantizer struct {
	rel, abs uint
	shift    uint  // 23 - rel
	lin      int64 // 2^rel: integers below it are linear steps
	base     int64 // the rounded float bits of 2^(rel-abs), >> shift
}

func newQuantizer(rel, abs uint) quantizer {
	q := quantizer{rel: rel, abs: abs, shift: 23 - rel, lin: 1 << rel}
	q.base = int64(math.Float32bits(float32(math.Ldexp(1, int(rel)-int(abs)))) >> q.shift)
	return q
}

var chunkQ = newQuantizer(precisionBits, absoluteBits)

func (qz quantizer) quantize(v float32) int64 {
	b := math.Float32bits(v)
	mag := b & 0x7fffffff
	var n int64
	if f := math.Float32frombits(mag); f < float32(math.Ldexp(1, int(qz.rel)-int(qz.abs))) {
		n = int64(math.RoundToEven(float64(f) * math.Ldexp(1, int(qz.abs))))
	} else {
		if mag < 0x7f800000 { // finite: round to nearest; may carry into the exponent (still monotone)
			mag = min((mag+1<<(qz.shift-1))>>qz.shift, 0x7f7fffff>>qz.shift) // never rounds to Inf
		} else {
			mag >>= qz.shift // ±Inf
		}
		n = qz.lin + int64(mag) - qz.base
	}
	if b&0x80000000 != 0 {
		return -n
	}
	return n
}

func (qz quantizer) dequantize(n int64) float32 {
	neg := n < 0
	if neg {
		n = -n
	}
	var v float32
	if n < qz.lin {
		v = float32(math.Ldexp(float64(n), -int(qz.abs)))
	} else {
		v = math.Float32frombits(uint32(n-qz.lin+qz.base) << qz.shift)
	}
	if neg {
		return -v
	}
	return v
}

func quantize(v float32) int64   { return chunkQ.quantize(v) }
func dequantize(n int64) float32 { return chunkQ.dequantize(n) }

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
	mean   []uint32 // per column: the running mean of its changes, for its Rice parameter
}

func newChunkEnc() *chunkEnc {
	e := &chunkEnc{}
	e.w.write(precisionBits, 8)
	e.w.write(absoluteBits, 8)
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
			e.mean = append(e.mean, make([]uint32, len(vals)-len(e.mean))...)
		} else {
			e.prev, e.hasVal, e.mean = e.prev[:len(vals)], e.hasVal[:len(vals)], e.mean[:len(vals)]
		}
	} else {
		w.bit(false)
	}
	for i, v := range vals {
		if v != v {
			w.write(1<<(riceLimit+1)-2, riceLimit+1) // escape, '0': no value
			continue
		}
		q := quantize(v)
		if !e.hasVal[i] {
			w.write(1<<(riceLimit+1)-1, riceLimit+1) // escape, '1': the value itself
			w.write(uint64(uint32(int32(q))), 32)
			e.prev[i], e.hasVal[i], e.mean[i] = q, true, meanPrior
			continue
		}
		d := q - e.prev[i]
		z := uint64(d<<1) ^ uint64(d>>63) // zigzag
		k := e.k(i)
		if z>>k < riceLimit {
			w.write(1<<(z>>k+1)-2, uint(z>>k)+1) // z>>k ones and a 0
			w.write(z, k)
		} else {
			w.write(1<<(riceLimit+1)-1, riceLimit+1)
			w.write(uint64(uint32(int32(q))), 32)
		}
		e.prev[i] = q
		e.mean[i] = nextMean(e.mean[i], z)
	}
}

// meanPrior is a column's running mean (×16) after its first value: a
// change of a few percent, so that short chunks (the
// ten-minute tier's six ticks an hour) do not spend their first changes
// in escapes while the mean adapts.
var meanPrior uint32 = 64 << 4

// riceLimit is the longest run of 1s a value's Rice code may start with;
// that many 1s are an escape: then '0' no value (NaN), or '1' and the
// rounded value itself, 32 bits.
const riceLimit = 16

// riceK is the Rice parameter for a column whose changes have averaged
// mean (×16): the bits of a change written as they are, the rest in unary.
func riceK(mean uint32) uint {
	return uint(max(bits.Len32(mean>>4), 1) - 1)
}

// nextMean folds a change into a column's running mean (×16, weight 1/4).
func nextMean(mean uint32, z uint64) uint32 {
	z = min(z, 1<<24)
	return uint32(int64(mean) + (int64(z)<<4-int64(mean))>>2)
}

func (e *chunkEnc) k(i int) uint { return riceK(e.mean[i]) }

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
	if len(blob) < 2 || blob[0] > 23 || blob[0] < 1 || blob[1] > 30 {
		return errors.New("history: chunk of an unknown format")
	}
	qz := chunkQ
	if uint(blob[0]) != qz.rel || uint(blob[1]) != qz.abs {
		qz = newQuantizer(uint(blob[0]), uint(blob[1]))
	}
	r := bitReader{b: blob, pos: 16}
	var t, dLast int64
	var prev []int64
	var hasVal []bool
	var mean []uint32
	var vals []float32
	one := make([]float32, 1)
	deq := qz.dequantize
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
				prev, hasVal, vals, mean = append(prev, 0), append(hasVal, false), append(vals, 0), append(mean, 0)
			}
			prev, hasVal, vals, mean = prev[:nc], hasVal[:nc], vals[:nc], mean[:nc]
		}
		for j := range prev {
			// The usual case in one window: n 1s, a 0 and k bits.
			w := r.window()
			n := bits.LeadingZeros64(^w)
			if n < riceLimit {
				k := riceK(mean[j])
				used := uint64(n) + 1 + uint64(k)
				if r.pos+used > uint64(len(r.b))*8 {
					return errShort
				}
				var low uint64
				if k > 0 {
					low = w << (n + 1) >> (64 - k)
				}
				r.pos += used
				z := uint64(n)<<k | low
				prev[j] += int64(z>>1) ^ -int64(z&1)
				mean[j] = nextMean(mean[j], z)
				if col < 0 || j == col {
					vals[j] = deq(prev[j])
				}
				continue
			}
			if _, err := r.ones(riceLimit); err != nil {
				return err
			}
			abs, err := r.read(1)
			if err != nil {
				return err
			}
			if abs == 0 {
				vals[j] = float32(math.NaN())
				continue
			}
			v, err := r.read(32)
			if err != nil {
				return err
			}
			q := int64(int32(uint32(v)))
			if hasVal[j] {
				d := q - prev[j]
				mean[j] = nextMean(mean[j], uint64(d<<1)^uint64(d>>63))
			} else {
				mean[j] = meanPrior
			}
			prev[j], hasVal[j] = q, true
			vals[j] = deq(q)
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
