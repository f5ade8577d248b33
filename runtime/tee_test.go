package runtime

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/history"
)

// TestTeeAfterRestart: the ring starts empty after a restart; the hours
// before it come from the history.
func TestTeeAfterRestart(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := history.Open(history.Options{Path: path, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap := func(at time.Time, cpu float64) entity.Snapshot {
		return entity.Snapshot{Host: "h", Time: at, CPU: entity.CPUStat{Percent: cpu}}
	}
	// Before the "restart": two hours straight into the history.
	for i := 120; i > 0; i-- {
		st.Append(snap(now.Add(-time.Duration(i)*time.Minute), 10))
	}
	tee := &Tee{Ring: engine.NewRing(1000), Disk: st, RingSpan: 6 * time.Hour, Now: func() time.Time { return now.Add(time.Minute) }}
	for i := range 6 {
		if err := tee.Append(snap(now.Add(time.Duration(i)*10*time.Second), 50)); err != nil {
			t.Fatal(err)
		}
	}
	tee.AppendGap("h", now.Add(time.Minute))
	pts, err := tee.Range("h", "cpu", now.Add(-time.Hour), now.Add(time.Minute), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) < 60 || pts[0].V != 10 || !math.IsNaN(pts[len(pts)-1].V) {
		t.Errorf("%d points from %v to %v, want the hour before the restart from disk and the gap", len(pts), pts[0], pts[len(pts)-1])
	}
	// A span the ring covers since its start is read from the ring.
	pts, _ = tee.Range("h", "cpu", now, now.Add(time.Minute), 0)
	if len(pts) != 7 || pts[0].V != 50 {
		t.Errorf("recent span: %v", pts)
	}
	if s, ok := tee.Latest("h"); !ok || s.CPU.Percent != 50 {
		t.Errorf("latest %v %v", s, ok)
	}
}

func TestNewCollectorPrometheus(t *testing.T) {
	cfg := config.Default()
	if _, err := NewCollector(cfg, config.Host{Name: "n", Prometheus: "http://127.0.0.1:9100"}); err != nil {
		t.Errorf("node_exporter host: %v", err)
	}
	if _, err := NewCollector(cfg, config.Host{Name: "f", PromQL: "http://127.0.0.1:9090"}); err == nil {
		t.Error("a promql fleet became one collector")
	}
	// A fleet whose Prometheus is down is one failing target under its name.
	cfg.Hosts = []config.Host{{Name: "fleet", PromQL: "http://127.0.0.1:1"}}
	ts, err := Targets(cfg)
	if err != nil || len(ts) != 1 || ts[0].Name != "fleet" {
		t.Fatalf("targets %v, %v", ts, err)
	}
}
