package runtime

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/report"
	"lookout/notifier"
	"lookout/notifier/render"
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

// TestChatReportProcessCost: seed 004's answer reaches the chat report. A
// crawler whose python count rose and fell gets, in the report message's
// text, the count range, what one process costs with R², and the count at
// the CPU and memory peaks, in English and Chinese.
func TestChatReportProcessCost(t *testing.T) {
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	ring := engine.NewRing(1000)
	for i := range 360 {
		n := 2 + (i/30)%11
		s := entity.Snapshot{Host: "crawler", Time: at.Add(time.Duration(i-359) * time.Minute)}
		s.CPU = entity.CPUStat{Cores: 8, Percent: 5 + 3.1*float64(n) + 0.5*math.Sin(float64(i))}
		s.Mem = entity.MemStat{TotalBytes: 8 << 30, Percent: 10 + 1.5*float64(n)}
		s.Procs.Counts = map[string]int{"python": n}
		if i == 200 {
			s.CPU.Percent = 99
		}
		ring.Append(s)
	}
	r, err := report.Build(context.Background(), ring, report.Options{Now: at, Period: 6 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	nr := ToNotifierReport(r, nil)
	if len(nr.Hosts) != 1 || len(nr.Hosts[0].Procs) != 1 {
		t.Fatalf("hosts %+v", nr.Hosts)
	}
	if pc := nr.Hosts[0].Procs[0]; pc.CPU == nil || pc.Mem == nil || pc.AtCPUPeak != 8 || pc.AtMemPeak != 12 {
		t.Errorf("process cost %+v", pc)
	}
	m := &notifier.Message{Kind: notifier.KindReport, Created: at, Report: &nr}
	for lang, want := range map[render.Lang][]string{
		render.EN: {"Processes python 2–12 · each ≈ 3.1% CPU (R² 0.", "123 MiB (R² 1.00) · 8 at the CPU peak, 12 at the memory peak"},
		render.ZH: {"进程 python 2–12 · 每个进程 ≈ 3.1% CPU（R² 0.", "123 MiB（R² 1.00） · CPU 峰值时 8 个，内存峰值时 12 个"},
	} {
		out := render.Text(render.Build(m, render.Options{Lang: lang, Location: time.UTC}), 0)
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s report lacks %q:\n%s", lang, w, out)
			}
		}
	}
}
