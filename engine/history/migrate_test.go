package history

import (
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestMigrateV1: a database written by the row-per-tick code
// (testdata/v1.db, made by TestMakeV1Fixture on that code) opens with
// every sample it held, answers as the old code did (values to the
// chunks' precision), keeps its roll-ups, goes on taking samples, and
// stays converted when reopened.
func TestMigrateV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	copyFile(t, filepath.Join("testdata", "v1.db"), path)
	var want v1Answers
	b, err := os.ReadFile(filepath.Join("testdata", "v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	end := t0.Add(3 * time.Hour)
	s := open(t, Options{Path: path, Now: func() time.Time { return end }})
	check := func(s *Store) {
		t.Helper()
		for _, w := range want.Raw {
			pts := mustRange(t, s, w.Host, w.Metric, t0, end.Add(-time.Second), 0)
			if len(pts) != len(w.Points) {
				t.Fatalf("%s %s: %d points, want %d", w.Host, w.Metric, len(pts), len(w.Points))
			}
			for i, p := range pts {
				wt, wv := int64(w.Points[i][0]), w.Points[i][1]
				if p.T.UnixMilli() != wt {
					t.Fatalf("%s %s point %d at %d, want %d", w.Host, w.Metric, i, p.T.UnixMilli(), wt)
				}
				if wv == -1e300 {
					if !math.IsNaN(p.V) {
						t.Fatalf("%s %s point %d = %v, want the gap", w.Host, w.Metric, i, p.V)
					}
					continue
				}
				if math.Abs(p.V-wv) > math.Abs(wv)/(1<<precisionBits) {
					t.Fatalf("%s %s point %d = %v, want %v", w.Host, w.Metric, i, p.V, wv)
				}
			}
		}
	}
	check(s)
	var tables int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name IN ('raw', 'minute', 'ten_minute')`).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("%d old tables left (%v)", tables, err)
	}
	// The roll-ups: v1 held 179 complete minutes per host (the last open)
	// and 17 ten-minute buckets; the converted store has them, the open
	// hour's made again from its raw samples.
	for _, tt := range []struct {
		table string
		want  int
	}{{"minute", 179}, {"ten_minute", 17}} {
		if got := rollups(t, s, tt.table, "web", "cpu"); len(got) != tt.want {
			t.Errorf("%s: %d roll-ups, want %d", tt.table, len(got), tt.want)
		}
	}
	if snap, ok := s.Latest("db"); !ok || !snap.Time.Equal(t0.Add(1079*10*time.Second)) {
		t.Errorf("Latest(db) = %v, %v", snap.Time, ok)
	}
	// New samples carry on the open hour; reopening converts nothing again.
	next := t0.Add(1080 * 10 * time.Second)
	if err := s.Append(snap("web", next, 42)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, Options{Path: path, Now: func() time.Time { return end }})
	check(s)
	pts := mustRange(t, s, "web", "cpu", next, next, 0)
	if len(pts) != 1 || pts[0].V != 42 {
		t.Errorf("the sample after the conversion: %v", pts)
	}
	// The sample at 15:00 completed the minute 14:59.
	if got := rollups(t, s, "minute", "web", "cpu"); len(got) != 180 {
		t.Errorf("minute roll-ups after reopening: %d, want 180", len(got))
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
