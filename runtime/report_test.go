package runtime

import (
	"context"
	"testing"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/report"
)

func TestReportScheduler(t *testing.T) {
	cfg, err := config.Parse("t.toml", []byte("[report]\nevery = \"6h\"\nat = [\"18:00\", \"09:00\"]\nchannels = [\"ops\"]\ncharts = [\"cpu\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := ReportSchedule(cfg)
	if s.Every != 6*time.Hour || len(s.At) != 2 || s.At[0] != 9*60 {
		t.Fatalf("schedule %+v", s)
	}
	ring := engine.NewRing(100)
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for i := range 10 {
		snap := entity.Snapshot{Host: "h", Time: at.Add(time.Duration(i-10) * 10 * time.Second)}
		snap.CPU.Percent = float64(i * 10)
		ring.Append(snap)
	}
	var got struct {
		r        *report.Report
		png      []byte
		channels []string
	}
	sch := ReportScheduler(cfg, ring, func(_ context.Context, r *report.Report, png []byte, channels []string) error {
		got.r, got.png, got.channels = r, png, channels
		return nil
	}, nil)
	if err := sch.Fire(context.Background(), at); err != nil {
		t.Fatal(err)
	}
	if got.r == nil || !got.r.To.Equal(at) || got.r.Period != 6*time.Hour || len(got.png) == 0 || got.channels[0] != "ops" {
		t.Fatalf("sent %+v, %d bytes, %v", got.r, len(got.png), got.channels)
	}
	if st, _ := got.r.Hosts[0].Stat(entity.MetricCPU); st.Peak != 90 {
		t.Errorf("peak %v", st.Peak)
	}
}
