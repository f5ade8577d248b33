package engine

import (
	"errors"
	"math"
	"sort"
	"sync"
	"time"

	"lookout/entity"
)

// Store keeps snapshots and answers range queries for charts, reports and
// rules.
type Store interface {
	Append(entity.Snapshot) error
	Latest(host string) (entity.Snapshot, bool)
	// Range returns metric's points for host with from <= T <= to, oldest
	// first, downsampled to at most maxPoints (0: no limit) so that every
	// bucket's minimum and maximum survive.
	Range(host string, metric entity.Metric, from, to time.Time, maxPoints int) ([]entity.Point, error)
}

// ErrUnknownHost is returned by Range for a host the store has never seen.
var ErrUnknownHost = errors.New("unknown host")

// Ring is the in-memory Store: per host, the latest snapshot and a
// fixed-capacity ring of every metric the host reports. The oldest samples
// fall out when the ring is full. It is safe for concurrent use.
type Ring struct {
	capacity int
	mu       sync.RWMutex
	hosts    map[string]*hostRing
}

type hostRing struct {
	latest entity.Snapshot
	series map[entity.Metric]*series
}

// series is a ring of (time, value) pairs in blocks of blockLen, allocated
// as samples arrive: a series holds the memory of the samples it keeps
// (and two blocks at most besides), not of its whole capacity. Times are
// Unix milliseconds, kept as offsets from the block's first (int32: ±24
// days), and values float32: 8 bytes a sample, so six hours at 10 s of 40
// series is under a megabyte per host once full, and a host polled for a
// minute holds a block per series.
type series struct {
	blocks []*block // oldest first; all full but the last
	start  int      // index of the oldest sample in blocks[0]
	n      int
}

// blockLen is the samples of a block: 272 bytes, 160 s at 5 s. Short, so
// that a short ring (15 minutes with the history on: 181 samples at 5 s)
// holds little besides its samples: 7 blocks at most, 1.9 KB a series.
const blockLen = 32

type block struct {
	base int64 // the time of sample 0
	dt   [blockLen]int32
	v    [blockLen]float32
	// wide holds every sample's time when one is too far from base for an
	// int32 (a series sampled weeks apart, the clock set back); nil else.
	wide *[blockLen]int64
}

func (b *block) time(j int) int64 {
	if b.wide != nil {
		return b.wide[j]
	}
	return b.base + int64(b.dt[j])
}

func (b *block) set(j int, t int64, v float32) {
	b.v[j] = v
	if j == 0 {
		b.base, b.wide = t, nil
	}
	d := t - b.base
	if b.wide == nil && d == int64(int32(d)) {
		b.dt[j] = int32(d)
		return
	}
	if b.wide == nil {
		b.wide = new([blockLen]int64)
		for k := range j {
			b.wide[k] = b.base + int64(b.dt[k])
		}
	}
	b.wide[j] = t
}

// at returns sample i (0: the oldest).
func (s *series) at(i int) (int64, float32) {
	i += s.start
	b := s.blocks[i/blockLen]
	return b.time(i % blockLen), b.v[i%blockLen]
}

func (s *series) add(capacity int, t int64, v float32) {
	end := s.start + s.n
	if end == len(s.blocks)*blockLen { // no room in the last block
		if s.start >= blockLen {
			// Every sample of the oldest block has fallen out: it becomes
			// the newest.
			b := s.blocks[0]
			copy(s.blocks, s.blocks[1:])
			s.blocks[len(s.blocks)-1] = b
			s.start -= blockLen
			end -= blockLen
		} else {
			s.blocks = append(s.blocks, new(block))
		}
	}
	b := s.blocks[end/blockLen]
	b.set(end%blockLen, t, v)
	if s.n < capacity {
		s.n++
	} else {
		s.start++
	}
}

// NewRing returns a ring that holds the last capacity samples of each
// series. Use RingCapacity to size it from a retention and an interval.
func NewRing(capacity int) *Ring {
	if capacity < 2 {
		capacity = 2
	}
	return &Ring{capacity: capacity, hosts: map[string]*hostRing{}}
}

// RingCapacity is how many samples cover retention at the given interval.
func RingCapacity(retention, interval time.Duration) int {
	if interval <= 0 {
		interval = 10 * time.Second
	}
	return int(retention/interval) + 1
}

// Append records every metric of s.
func (r *Ring) Append(s entity.Snapshot) error {
	if s.Host == "" {
		return errors.New("append: snapshot has no host")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.host(s.Host)
	h.latest = s
	ms := s.Time.UnixMilli()
	// One pass over the snapshot and one map lookup per series: constant
	// time per sample, however many cores, disks and interfaces it has.
	// Series without a value (rates not known yet) get no point: a gap.
	s.Each(func(m entity.Metric, v float64) { h.add(m, r.capacity, ms, float32(v)) })
	return nil
}

// AppendGap records that host could not be read at t: every series the host
// has gets a NaN point, so charts break the line there.
func (r *Ring) AppendGap(host string, t time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.host(host)
	for m := range h.series {
		h.add(m, r.capacity, t.UnixMilli(), float32(math.NaN()))
	}
}

func (r *Ring) host(name string) *hostRing {
	h, ok := r.hosts[name]
	if !ok {
		h = &hostRing{series: map[entity.Metric]*series{}}
		r.hosts[name] = h
	}
	return h
}

func (h *hostRing) add(m entity.Metric, capacity int, t int64, v float32) {
	s, ok := h.series[m]
	if !ok {
		s = &series{}
		h.series[m] = s
	}
	s.add(capacity, t, v)
}

// Latest returns the newest snapshot of host.
func (r *Ring) Latest(host string) (entity.Snapshot, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	h, ok := r.hosts[host]
	if !ok {
		return entity.Snapshot{}, false
	}
	return h.latest, true
}

// Hosts returns the names of every host the ring holds, sorted.
func (r *Ring) Hosts() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.hosts))
	for n := range r.hosts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Range implements Store.
func (r *Ring) Range(host string, m entity.Metric, from, to time.Time, maxPoints int) ([]entity.Point, error) {
	r.mu.RLock()
	h, ok := r.hosts[host]
	if !ok {
		r.mu.RUnlock()
		return nil, ErrUnknownHost
	}
	s, ok := h.series[m]
	if !ok {
		r.mu.RUnlock()
		return nil, nil
	}
	lo, hi := from.UnixMilli(), to.UnixMilli()
	var pts []entity.Point
	for i := 0; i < s.n; i++ {
		if t, v := s.at(i); t >= lo && t <= hi {
			if pts == nil {
				pts = make([]entity.Point, 0, s.n-i)
			}
			pts = append(pts, entity.Point{T: time.UnixMilli(t), V: float64(v)})
		}
	}
	r.mu.RUnlock()
	return Downsample(pts, maxPoints), nil
}

// Downsample reduces pts to at most maxPoints by splitting them into equal
// buckets and keeping each bucket's minimum and maximum in time order, so
// peaks and troughs survive. A gap (NaN) in a bucket is kept as a gap.
// maxPoints <= 0 or a short input returns pts unchanged.
func Downsample(pts []entity.Point, maxPoints int) []entity.Point {
	if maxPoints <= 0 || len(pts) <= maxPoints {
		return pts
	}
	if maxPoints < 2 {
		maxPoints = 2
	}
	perBucket := 2
	for _, p := range pts {
		if math.IsNaN(p.V) {
			perBucket = 3 // min, max and the gap
			break
		}
	}
	buckets := max(maxPoints/perBucket, 1)
	out := make([]entity.Point, 0, buckets*perBucket)
	for b := 0; b < buckets; b++ {
		lo := b * len(pts) / buckets
		hi := (b + 1) * len(pts) / buckets
		if lo >= hi {
			continue
		}
		minI, maxI, gap := -1, -1, -1
		for i := lo; i < hi; i++ {
			v := pts[i].V
			if math.IsNaN(v) {
				if gap < 0 {
					gap = i
				}
				continue
			}
			if minI < 0 || v < pts[minI].V {
				minI = i
			}
			if maxI < 0 || v > pts[maxI].V {
				maxI = i
			}
		}
		idx := make([]int, 0, 3)
		for _, i := range []int{minI, maxI, gap} {
			if i >= 0 {
				idx = append(idx, i)
			}
		}
		sort.Ints(idx)
		for k, i := range idx {
			if k == 0 || idx[k-1] != i {
				out = append(out, pts[i])
			}
		}
	}
	return out
}
