package history

import (
	"testing"
	"time"

	"lookout/entity"
)

// TestRollupsNotDatedBeforeData: a host first polled at 12:07:30 has no
// minute or ten-minute point before 12:07:30, and a chart of the hour
// shows nothing before its first sample (it drew a stray bar at 12:00,
// the start of the ten-minute bucket). Later buckets keep their aligned
// dates when their first sample is on the boundary.
func TestRollupsNotDatedBeforeData(t *testing.T) {
	first := t0.Add(7*time.Minute + 30*time.Second)
	// Raw samples are kept for 5 minutes back from the newest (12:24:50):
	// before 12:19:50 the chart reads roll-ups.
	s := open(t, Options{Now: (&clock{t0.Add(time.Hour)}).Now, MaxSize: -1, RawRetention: 5 * time.Minute})
	for at := first; at.Before(t0.Add(25 * time.Minute)); at = at.Add(10 * time.Second) {
		if err := s.Append(snap("web", at, 40)); err != nil {
			t.Fatal(err)
		}
	}
	for _, table := range []string{"minute", "ten_minute"} {
		rs := rollups(t, s, table, "web", entity.MetricCPU)
		if len(rs) == 0 {
			t.Fatalf("no %s rows", table)
		}
		for _, r := range rs {
			if r.t.Before(first) {
				t.Errorf("%s row dated %s, before the first sample at %s", table, r.t.Format(time.TimeOnly), first.Format(time.TimeOnly))
			}
		}
		if got, want := rs[0].t, first; !got.Equal(want) {
			t.Errorf("first %s row dated %s, want %s", table, got.Format(time.TimeOnly), want.Format(time.TimeOnly))
		}
	}
	if rs := rollups(t, s, "ten_minute", "web", entity.MetricCPU); len(rs) < 2 || !rs[1].t.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("second ten-minute row: %+v, want one dated 12:10:00", rs)
	}
	// The tiers are read where the raw samples do not reach: before 12:19:50
	// the chart reads roll-ups, still none before the data.
	for _, pts := range [][]entity.Point{
		mustRange(t, s, "web", entity.MetricCPU, t0.Add(-30*time.Minute), t0.Add(30*time.Minute), 0),
		mustRange(t, s, "web", entity.MetricCPU, t0.Add(-30*time.Minute), t0.Add(30*time.Minute), 60),
	} {
		if len(pts) == 0 {
			t.Fatal("no points")
		}
		if pts[0].T.Before(first) {
			t.Errorf("chart's first point at %s, before the first sample at %s", pts[0].T.UTC().Format(time.TimeOnly), first.Format(time.TimeOnly))
		}
	}
}

// TestFirstReadingIsAGap: the rates of a snapshot marked RatesUnknown are
// not stored (no 0 point), its other figures are.
func TestFirstReadingIsAGap(t *testing.T) {
	s := open(t, Options{Now: (&clock{t0.Add(time.Hour)}).Now, MaxSize: -1})
	firstSnap := snap("web", t0, 0)
	firstSnap.RatesUnknown = true
	if err := s.Append(firstSnap); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(snap("web", t0.Add(10*time.Second), 40)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		metric entity.Metric
		want   int
	}{{"cpu", "cpu", 1}, {"core", "cpu_core:0", 1}, {"net", "net_rx:eth0", 1}, {"disk io", "disk_read", 1}, {"mem", "mem", 2}, {"load", "load5", 2}} {
		t.Run(tt.name, func(t *testing.T) {
			pts := mustRange(t, s, "web", tt.metric, t0.Add(-time.Minute), t0.Add(time.Minute), 0)
			if len(pts) != tt.want {
				t.Errorf("%d points %v, want %d", len(pts), pts, tt.want)
			}
			if len(pts) > 0 && entity.RateMetric(tt.metric) && pts[0].T.Equal(t0) {
				t.Errorf("the first reading was stored as %v", pts[0].V)
			}
		})
	}
}
