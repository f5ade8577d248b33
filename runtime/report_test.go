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
	sch := ReportScheduler(cfg, ring, nil, func(_ context.Context, r *report.Report, pages [][]byte, channels []string) error {
		got.r, got.png, got.channels = r, pages[0], channels
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

func TestToNotifierReportPagesAndIncidents(t *testing.T) {
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	r := &report.Report{From: at.Add(-6 * time.Hour), To: at, Hosts: []report.Host{{Name: "web"}}}
	r.Alerts.Incidents = []report.Incident{
		{Host: "web", Key: "cpu", Severity: "critical", Start: at.Add(-2 * time.Hour), End: at, Open: true, Peak: 97},
		{Host: "web", Key: "unreachable", Severity: "critical", Start: at.Add(-5 * time.Hour), End: at.Add(-4 * time.Hour)},
	}
	nr := ToNotifierReport(r, [][]byte{[]byte("p1"), []byte("p2"), []byte("p3")})
	if string(nr.Chart) != "p1" || len(nr.Pages) != 2 || string(nr.Pages[1]) != "p3" {
		t.Errorf("images: chart %q, pages %q", nr.Chart, nr.Pages)
	}
	if len(nr.Alerts) != 2 {
		t.Fatalf("alerts %+v", nr.Alerts)
	}
	if a := nr.Alerts[0]; a.Resolved || a.Duration() != 2*time.Hour || a.Unit != "%" || a.Peak != 97 {
		t.Errorf("open incident %+v", a)
	}
	if a := nr.Alerts[1]; !a.Resolved || a.Duration() != time.Hour || !a.Condition() {
		t.Errorf("resolved condition %+v", a)
	}
}
