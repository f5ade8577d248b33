package history

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"lookout/entity"
)

// TestMakeV1Fixture wrote testdata/v1.db with the row-per-tick schema
// (schema version 1, before chunks): 2 hosts, 3 hours at 10 s, with a
// failed poll and a first reading without rates. It runs only with
// LOOKOUT_MAKE_V1_FIXTURE=1 on the v1 code (commit 81769bf); the chunk code
// makes no v1 database, so here it only skips.
func TestMakeV1Fixture(t *testing.T) {
	if os.Getenv("LOOKOUT_MAKE_V1_FIXTURE") == "" || schemaVersion != 1 {
		t.Skip("set LOOKOUT_MAKE_V1_FIXTURE=1 on the v1 code (commit 81769bf) to regenerate")
	}
	path := filepath.Join("testdata", "v1.db")
	os.Remove(path)
	end := t0.Add(3 * time.Hour)
	s, err := Open(Options{Path: path, Now: func() time.Time { return end }, CommitEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1080 {
		at := t0.Add(time.Duration(i) * 10 * time.Second)
		for _, h := range []string{"web", "db"} {
			if i == 500 {
				s.AppendGap(h, at)
				continue
			}
			sn := snap(h, at, float64(i%100))
			sn.RatesUnknown = i == 0
			if err := s.Append(sn); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// What the v1 code answers, for the migration test to compare.
	r, err := Open(Options{Path: path, Now: func() time.Time { return end }, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := v1Answers{}
	for _, h := range []string{"web", "db"} {
		for _, m := range []string{"cpu", "disk:/", "net_rx:eth0"} {
			pts, err := r.Range(h, m, t0, end, 0)
			if err != nil {
				t.Fatal(err)
			}
			want.Raw = append(want.Raw, v1Series{h, m, pointsOf(pts)})
		}
	}
	b, _ := json.MarshalIndent(want, "", " ")
	if err := os.WriteFile(filepath.Join("testdata", "v1.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// v1Answers are the v1 code's answers over testdata/v1.db.
type v1Answers struct {
	Raw []v1Series
}

type v1Series struct {
	Host, Metric string
	Points       [][2]float64 // Unix ms, value (NaN as null is not JSON: -1e300)
}

func pointsOf(pts []entity.Point) [][2]float64 {
	out := make([][2]float64, len(pts))
	for i, p := range pts {
		v := p.V
		if math.IsNaN(v) {
			v = -1e300
		}
		out[i] = [2]float64{float64(p.T.UnixMilli()), v}
	}
	return out
}
