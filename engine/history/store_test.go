package history

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
)

// t0 is a minute boundary, so bucket arithmetic in tests is easy to read.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// snap is a realistic snapshot: 4 cores, 2 filesystems, 2 interfaces.
func snap(host string, at time.Time, cpu float64) entity.Snapshot {
	return entity.Snapshot{
		Host: host, Time: at,
		CPU:   entity.CPUStat{Percent: cpu, User: cpu * 0.7, System: cpu * 0.3, PerCore: []float64{cpu, cpu / 2, cpu / 3, cpu / 4}, Cores: 4},
		Load:  entity.LoadStat{Load1: cpu / 25, Load5: 1, Load15: 0.5},
		Mem:   entity.MemStat{TotalBytes: 16 << 30, UsedBytes: 8 << 30, Percent: 50 + cpu/10},
		Swap:  entity.SwapStat{TotalBytes: 2 << 30, Percent: 3},
		Disks: []entity.DiskStat{{Mount: "/", Percent: 61.5}, {Mount: "/home", Percent: 20}},
		Net:   []entity.NetStat{{Iface: "eth0", RxBytesPerS: 1000 * cpu, TxBytesPerS: 500}, {Iface: "eth1", RxBytesPerS: 10, TxBytesPerS: 20}},
		Procs: entity.ProcStats{Total: 200, TopCPU: []entity.ProcStat{{PID: 1, Name: "init", CPUPercent: 0.1}}},
	}
}

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func open(t testing.TB, opt Options) *Store {
	t.Helper()
	if opt.Path == "" {
		opt.Path = filepath.Join(t.TempDir(), FileName)
	}
	if opt.CommitEvery == 0 {
		// No commits on the wall clock (the tests' clocks are fakes): the
		// queue is committed by reads, Flush and Close.
		opt.CommitEvery = time.Hour
	}
	s, err := Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustRange(t testing.TB, s *Store, host, metric string, from, to time.Time, maxPoints int) []entity.Point {
	t.Helper()
	pts, err := s.Range(host, metric, from, to, maxPoints)
	if err != nil {
		t.Fatalf("Range(%s, %s): %v", host, metric, err)
	}
	return pts
}

func TestRestartContinuity(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	clk := &clock{t0.Add(time.Hour)}
	s, err := Open(Options{Path: path, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 120 {
		if err := s.Append(snap("web", t0.Add(time.Duration(i)*10*time.Second), float64(i%100))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = open(t, Options{Path: path, Now: clk.Now})
	got, ok := s.Latest("web")
	if !ok || !got.Time.Equal(t0.Add(1190*time.Second)) || got.CPU.Percent != 19 {
		t.Fatalf("Latest after restart = %v %v, want the 120th snapshot", got.Time, ok)
	}
	pts := mustRange(t, s, "web", "cpu", t0, t0.Add(time.Hour), 0)
	if len(pts) != 120 {
		t.Fatalf("after restart: %d points, want 120", len(pts))
	}
	for i, p := range pts {
		if p.V != float64(i%100) || !p.T.Equal(t0.Add(time.Duration(i)*10*time.Second)) {
			t.Fatalf("point %d = %v, want %v at %v", i, p, i%100, t0.Add(time.Duration(i)*10*time.Second))
		}
	}
	// Writing continues where it stopped, and roll-ups pick up the minutes
	// written before the restart.
	for i := 120; i < 200; i++ {
		if err := s.Append(snap("web", t0.Add(time.Duration(i)*10*time.Second), 50)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(mustRange(t, s, "web", "disk:/", t0, t0.Add(time.Hour), 0)); n != 200 {
		t.Errorf("disk:/ has %d points, want 200", n)
	}
	mins := rollups(t, s, "minute", "web", "cpu")
	if len(mins) != 33 { // 200 samples = 33 complete minutes and one open
		t.Errorf("%d minute roll-ups, want 33", len(mins))
	}
}

func TestUnknownHostAndMetric(t *testing.T) {
	s := open(t, Options{})
	if _, err := s.Range("nope", "cpu", t0, t0.Add(time.Hour), 0); !errors.Is(err, engine.ErrUnknownHost) {
		t.Errorf("unknown host: err = %v, want ErrUnknownHost", err)
	}
	if err := s.Append(snap("a", t0, 1)); err != nil {
		t.Fatal(err)
	}
	if pts := mustRange(t, s, "a", "disk:/nope", t0, t0.Add(time.Hour), 0); len(pts) != 0 {
		t.Errorf("unknown metric: %v", pts)
	}
	if err := s.Append(entity.Snapshot{Time: t0}); err == nil {
		t.Error("a snapshot without a host was accepted")
	}
}

// rollup is one roll-up row of one series, read straight from the table.
type rollup struct {
	t        time.Time
	avg, max float64
	gap      bool
}

func rollups(t testing.TB, s *Store, table, host, metric string) []rollup {
	t.Helper()
	s.Flush()
	s.mu.Lock()
	h := s.hosts[host]
	idx, ok := h.index[metric]
	var open *chunkEnc
	for i, rt := range rollTiers {
		if rt.name == table && h.roll[i].enc != nil {
			open = h.roll[i].enc
		}
	}
	var ob []byte
	on := 0
	var of int64
	if open != nil {
		ob, on, of = slices.Clone(open.bytes()), open.n, open.first
	}
	s.mu.Unlock()
	if !ok {
		t.Fatalf("no series %s", metric)
	}
	var out []rollup
	add := func(b []byte, n int) {
		if err := decodeChunk(b, n, -1, func(ts int64, vals []float32, gap bool) {
			r := rollup{t: time.UnixMilli(ts).UTC(), gap: gap}
			if !gap && 2*idx+1 < len(vals) {
				r.avg, r.max = float64(vals[2*idx]), float64(vals[2*idx+1])
			}
			out = append(out, r)
		}); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := s.r.Query(`SELECT t0, n, data FROM `+table+`_chunk WHERE host_id = ? ORDER BY t0`, h.id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		var t0 int64
		var b []byte
		if err := rows.Scan(&t0, &n, &b); err != nil {
			t.Fatal(err)
		}
		if on > 0 && t0 == of {
			continue // the open chunk, written so far
		}
		add(b, n)
	}
	if on > 0 {
		add(ob, on)
	}
	return out
}

func TestRollupsMatchAverages(t *testing.T) {
	s := open(t, Options{Now: func() time.Time { return t0.Add(time.Hour) }})
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 25 * 60 / 5 // 25 minutes at 5 s
	vals := make([]float64, n)
	for i := range n {
		// Values as chunks keep them, so the test's sums see exactly what is stored.
		vals[i] = float64(round(float32(rng.Float64() * 100)))
		at := t0.Add(time.Duration(i) * 5 * time.Second)
		if i == 100 { // a failed poll inside minute 8 is not averaged in
			s.AppendGap("db", at)
			vals[i] = math.NaN()
			continue
		}
		if err := s.Append(snap("db", at, vals[i])); err != nil {
			t.Fatal(err)
		}
	}
	want := func(from, to int) (avg, mx float64) {
		var sum float64
		var k int
		mx = math.Inf(-1)
		for _, v := range vals[from:to] {
			if math.IsNaN(v) {
				continue
			}
			sum += v
			k++
			mx = math.Max(mx, v)
		}
		return sum / float64(k), mx
	}
	tests := []struct {
		name    string
		table   string
		width   int // samples per bucket
		buckets int
	}{
		{"minute", "minute", 12, 24},          // minute 25 is still open
		{"ten minutes", "ten_minute", 120, 2}, // 20 of 25 minutes are complete
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rollups(t, s, tt.table, "db", "cpu")
			if len(got) != tt.buckets {
				t.Fatalf("%d rows, want %d", len(got), tt.buckets)
			}
			for b, r := range got {
				avg, mx := want(b*tt.width, (b+1)*tt.width)
				if wt := t0.Add(time.Duration(b*tt.width) * 5 * time.Second); !r.t.Equal(wt) {
					t.Errorf("bucket %d at %v, want %v", b, r.t, wt)
				}
				// The average is kept to 12 significant bits.
				if math.Abs(r.avg-avg) > avg/(1<<precisionBits) || float32(r.max) != float32(mx) {
					t.Errorf("bucket %d: avg %v max %v, want %v %v", b, r.avg, r.max, avg, mx)
				}
			}
		})
	}
}

func TestRetentionDeletesOldRows(t *testing.T) {
	clk := &clock{t0}
	s := open(t, Options{Now: clk.Now, RawRetention: 2 * time.Hour, MinuteRetention: 6 * time.Hour, TenMinuteRetention: 12 * time.Hour})
	// 16 hours at 1 minute; the clock follows the samples.
	for i := range 16 * 60 {
		clk.now = t0.Add(time.Duration(i) * time.Minute)
		if err := s.Append(snap("h", clk.now, 10)); err != nil {
			t.Fatal(err)
		}
	}
	s.Flush()
	// Chunks hold an hour (ten-minute ones a day): the oldest left has a
	// tick within retention and starts at most a span before it; Range
	// shows none older.
	oldest := func(table string) (first, last time.Time) {
		var t0, t1 int64
		if err := s.r.QueryRow(`SELECT MIN(t0), MIN(t1) FROM `+table+`_chunk`).Scan(&t0, &t1); err != nil {
			t.Fatal(err)
		}
		return time.UnixMilli(t0).UTC(), time.UnixMilli(t1).UTC()
	}
	now := clk.now
	tests := []struct {
		table     string
		retention time.Duration
		width     time.Duration
	}{
		{"raw", 2 * time.Hour, 0},
		{"minute", 6 * time.Hour, time.Minute},
		{"ten_minute", 12 * time.Hour, 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.table, func(t *testing.T) {
			first, last := oldest(tt.table)
			limit := now.Add(-tt.retention)
			span := time.Hour
			if tt.table == "ten_minute" {
				span = 24 * time.Hour
			}
			if last.Before(limit) || first.Before(limit.Add(-span)) {
				t.Errorf("oldest chunk %v to %v, want one ending after %v and starting at most %v before", first, last, limit, span)
			}
		})
	}
	if pts := mustRange(t, s, "h", "cpu", t0, now, 0); len(pts) == 0 || pts[0].T.Before(now.Add(-12*time.Hour)) {
		t.Errorf("Range starts at %v, before the ten-minute retention %v", pts[0].T, now.Add(-12*time.Hour))
	}
	// A host that stopped reporting ages out through Prune.
	clk.now = now.Add(24 * time.Hour)
	if err := s.Prune(context.Background()); err != nil {
		t.Fatal(err)
	}
	if pts := mustRange(t, s, "h", "cpu", t0, clk.now, 0); len(pts) != 0 {
		t.Errorf("after a day of silence and Prune: %d points left", len(pts))
	}
}

func TestRangeAcrossTiers(t *testing.T) {
	clk := &clock{t0}
	s := open(t, Options{Now: clk.Now, RawRetention: time.Hour})
	// Three hours at 10 s: a spike of 100 for one sample at 0:30:00.
	for i := range 3 * 360 {
		clk.now = t0.Add(time.Duration(i) * 10 * time.Second)
		v := 20.0
		if i == 180 {
			v = 100
		}
		if err := s.Append(snap("h", clk.now, v)); err != nil {
			t.Fatal(err)
		}
	}
	pts := mustRange(t, s, "h", "cpu", t0, clk.now, 0)
	// First ~2 h are minute averages, the last hour raw samples.
	raw, minute := 0, 0
	for i := 1; i < len(pts); i++ {
		switch pts[i].T.Sub(pts[i-1].T) {
		case 10 * time.Second:
			raw++
		case time.Minute:
			minute++
		}
	}
	if raw < 350 || minute < 110 {
		t.Errorf("%d raw steps and %d minute steps, want about 359 and 119", raw, minute)
	}
	// The minute holding the spike averages it away but keeps the peak for
	// a downsampled chart.
	spike := t0.Add(30 * time.Minute)
	for _, p := range pts {
		if p.T.Equal(spike) && math.Abs(p.V-(100+5*20)/6.0) > 100.0/6/(1<<precisionBits) {
			t.Errorf("minute average at the spike = %v, want %v", p.V, (100+5*20)/6.0)
		}
	}
	ds := mustRange(t, s, "h", "cpu", t0, clk.now, 100)
	if len(ds) > 100 {
		t.Errorf("downsampled to %d points, want <= 100", len(ds))
	}
	peak := 0.0
	for _, p := range ds {
		peak = math.Max(peak, p.V)
	}
	if peak != 100 {
		t.Errorf("downsampled peak = %v, want 100", peak)
	}
}

func TestGapsAndSilences(t *testing.T) {
	s := open(t, Options{Now: func() time.Time { return t0.Add(time.Hour) }})
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * 10 * time.Second) }
	for i := range 10 {
		s.Append(snap("h", at(i), 5))
	}
	s.AppendGap("h", at(10))
	for i := 11; i < 20; i++ {
		s.Append(snap("h", at(i), 5))
	}
	// The daemon was stopped for ten minutes.
	for i := 80; i < 90; i++ {
		s.Append(snap("h", at(i), 5))
	}
	pts := mustRange(t, s, "h", "cpu", t0, at(100), 0)
	var gaps []time.Time
	for _, p := range pts {
		if math.IsNaN(p.V) {
			gaps = append(gaps, p.T)
		}
	}
	if len(gaps) != 2 || !gaps[0].Equal(at(10)) || !gaps[1].Equal(at(20)) {
		t.Errorf("gaps at %v, want %v and %v", gaps, at(10), at(20))
	}
}

func TestSizeCap(t *testing.T) {
	clk := &clock{t0}
	const maxSize = 512 << 10
	s := open(t, Options{Now: clk.Now, MaxSize: maxSize})
	// Two days of one host at 10 s is several MB uncapped.
	for i := range 2 * 8640 {
		clk.now = t0.Add(time.Duration(i) * 10 * time.Second)
		if err := s.Append(snap("h", clk.now, float64(i%100))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Prune(context.Background()); err != nil {
		t.Fatal(err)
	}
	info, err := s.Size()
	if err != nil {
		t.Fatal(err)
	}
	if info.Used > maxSize || info.File-info.WAL > maxSize+64<<10 {
		t.Errorf("size %+v, want used <= %d", info, maxSize)
	}
	// The newest hour is always kept.
	if pts := mustRange(t, s, "h", "cpu", clk.now.Add(-time.Hour), clk.now, 0); len(pts) < 360 {
		t.Errorf("last hour has %d points after capping, want 361", len(pts))
	}
}

// TestTicks: Ticks shows what is stored, gaps and values-less ticks
// included, closed and open chunks alike.
func TestTicks(t *testing.T) {
	s := open(t, Options{Now: func() time.Time { return t0.Add(3 * time.Hour) }})
	first := snap("h", t0.Add(50*time.Minute), 5)
	first.RatesUnknown = true
	s.Append(first)
	for i := 1; i < 30; i++ { // across the hour: a closed chunk and an open one
		at := t0.Add(50*time.Minute + time.Duration(i)*time.Minute)
		if i == 3 {
			s.AppendGap("h", at)
			continue
		}
		s.Append(snap("h", at, float64(i)))
	}
	ticks, err := s.Ticks(context.Background(), "raw", "h", "cpu", t0, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(ticks) != 30 || !math.IsNaN(ticks[0].V) || ticks[0].Gap || !ticks[3].Gap || ticks[29].V != 29 {
		t.Fatalf("ticks: %+v", ticks)
	}
	mins, err := s.Ticks(context.Background(), "minute", "h", "cpu", t0, t0.Add(2*time.Hour))
	// 30: the clock is past the hour, so the open chunk was closed, its last minute with it.
	if err != nil || len(mins) != 30 || mins[1].V != 1 || !mins[3].Gap {
		t.Fatalf("minute ticks: %+v, %v", mins, err)
	}
	if _, err := s.Ticks(context.Background(), "hour", "h", "cpu", t0, t0); err == nil {
		t.Error("no error for an unknown tier")
	}
}

// TestTenMinuteChunkSpansTheDay: a day's ten-minute buckets go into one
// chunk, written at every hour and carried on after a restart, with no
// bucket lost or twice.
func TestTenMinuteChunkSpansTheDay(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	clk := &clock{t0}
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * 10 * time.Second) }
	s := open(t, Options{Path: path, Now: clk.Now})
	for i := range 3*360 + 30 { // 3 h 5 min
		clk.now = at(i)
		if err := s.Append(snap("h", clk.now, float64(i%50))); err != nil {
			t.Fatal(err)
		}
	}
	if got := rollups(t, s, "ten_minute", "h", "cpu"); len(got) != 18 {
		t.Fatalf("%d ten-minute buckets before the restart, want 18", len(got))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, Options{Path: path, Now: clk.Now})
	for i := 3*360 + 30; i < 4*360+30; i++ { // an hour more, across the next hour
		clk.now = at(i)
		if err := s.Append(snap("h", clk.now, float64(i%50))); err != nil {
			t.Fatal(err)
		}
	}
	got := rollups(t, s, "ten_minute", "h", "cpu")
	if len(got) != 24 {
		t.Fatalf("%d ten-minute buckets after the restart, want 24", len(got))
	}
	for i, r := range got {
		if want := t0.Add(time.Duration(i) * 10 * time.Minute); !r.t.Equal(want) {
			t.Fatalf("bucket %d at %v, want %v", i, r.t, want)
		}
	}
	var rows int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM ten_minute_chunk`).Scan(&rows); err != nil || rows != 1 {
		t.Errorf("%d ten-minute chunk rows for one day (%v), want 1", rows, err)
	}
	pts := mustRange(t, s, "h", "cpu", t0, at(4*360), 0)
	if len(pts) == 0 {
		t.Fatal("no points")
	}
}

// TestClockBackKeepsTheHour: a tick dated back into an hour already
// written (the clock went back) does not replace that hour's chunk.
func TestClockBackKeepsTheHour(t *testing.T) {
	clk := &clock{t0}
	s := open(t, Options{Now: clk.Now})
	for i := range 130 { // 12:00 to 13:05 at 30 s
		clk.now = t0.Add(time.Duration(i) * 30 * time.Second)
		s.Append(snap("h", clk.now, 7))
	}
	s.Append(snap("h", t0, 9))                  // back to 12:00:00, the first tick of the written hour
	s.Append(snap("h", t0.Add(2*time.Hour), 8)) // and on: the 12:00 chunk of one tick closes
	ticks, err := s.Ticks(context.Background(), "raw", "h", "cpu", t0, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(ticks) != 120 || ticks[0].V != 7 {
		t.Errorf("the hour 12:00 has %d ticks, first %v; want the 120 first written", len(ticks), ticks[0].V)
	}
}

// TestOldSamplesStayReadable: samples dated long before the wall clock (an
// import, a test, a machine whose clock was wrong) are kept and read back,
// also read-only, as the row code did: retention counts back from the
// host's newest sample when reading, and only Prune and a new hour delete.
func TestOldSamplesStayReadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(Options{Path: path}) // the wall clock: months after t0
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s.Append(snap("web", t0.Add(time.Duration(i)*10*time.Second), float64(10*(i+1))))
	}
	s.AppendGap("web", t0.Add(30*time.Second))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	pts := mustRange(t, r, "web", "cpu", t0.Add(-time.Hour), t0.Add(time.Hour), 0)
	if len(pts) != 4 || pts[0].V != 10 || pts[2].V != 30 || !math.IsNaN(pts[3].V) {
		t.Errorf("read back %v, want 10, 20, 30 and the gap", pts)
	}
}
