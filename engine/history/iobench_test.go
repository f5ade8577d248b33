package history

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writeBytes is this process' write_bytes from /proc/self/io: the bytes it
// caused to be sent to the storage layer (0, false where there is no /proc).
func writeBytes() (int64, bool) {
	f, err := os.Open("/proc/self/io")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "write_bytes: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// BenchmarkWriteBytes polls a fleet every 2 s (simulated) for a while and
// reports the bytes the process wrote to disk (write_bytes of
// /proc/self/io, database, WAL and checkpoints, Close included) per sample
// kept. The store commits every 5 s of simulated time, as its writer does
// on the wall clock in lookoutd. Each run crosses an hour, so the closed
// chunks' writes are counted with the pending rows' (the fleet's figures
// move as servers' do: fleetHost).
func BenchmarkWriteBytes(b *testing.B) {
	if _, ok := writeBytes(); !ok {
		b.Skip("no /proc/self/io")
	}
	for _, bc := range []struct {
		hosts, ticks int
	}{{50, 900}, {1000, 300}} {
		b.Run(fmt.Sprintf("hosts=%d", bc.hosts), func(b *testing.B) {
			for b.Loop() {
				perSample, onDisk := writeRun(b, bc.hosts, bc.ticks)
				b.ReportMetric(perSample, "B-written/sample")
				b.ReportMetric(onDisk, "B-on-disk/sample")
			}
		})
	}
}

// writeRun appends ticks×hosts snapshots 2 s apart into a new store on
// the file system of the test's temporary directory (not tmpfs: tmpfs
// writes count 0) and returns the bytes written and kept per sample.
func writeRun(b *testing.B, hosts, ticks int) (written, onDisk float64) {
	return writeRunT(b, hosts, ticks)
}

func writeRunT(b testing.TB, hosts, ticks int) (written, onDisk float64) {
	b.Helper()
	dir := b.TempDir()
	data := fleetData("walk", hosts)
	// Start so that the hour ends in the middle of the run.
	start := t0.Add(-time.Duration(ticks) * time.Second)
	var now time.Time
	clock := func() time.Time { return now }
	before, _ := writeBytes()
	s, err := Open(Options{Path: filepath.Join(dir, FileName), Now: clock, CommitEvery: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	samples := 0
	for i := range ticks {
		now = start.Add(time.Duration(i) * 2 * time.Second)
		for h := range hosts {
			sn := data(h, now)
			samples += len(sn.Metrics())
			if err := s.Append(sn); err != nil {
				b.Fatal(err)
			}
		}
		commitTick(s, now)
	}
	info, _ := s.Size()
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	after, _ := writeBytes()
	return float64(after-before) / float64(samples), float64(info.File) / float64(samples)
}
