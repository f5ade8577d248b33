package views

import (
	"image/png"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"lookout/engine"
	"lookout/engine/report"
	"lookout/internal/i18n"
)

func detailRing(t *testing.T) (*engine.Ring, entity.Snapshot) {
	t.Helper()
	r := engine.NewRing(4000)
	var last entity.Snapshot
	for i := 0; i < 360; i++ {
		at := now.Add(time.Duration(i-360) * 10 * time.Second)
		v := 50 + 45*math.Sin(float64(i)/20)
		s := entity.Snapshot{Host: "db-1", Time: at,
			CPU:     entity.CPUStat{Percent: v, PerCore: []float64{v, v / 2}, Cores: 2, Model: "Test CPU"},
			Mem:     entity.MemStat{TotalBytes: 8 << 30, Percent: 40 + v/5},
			Swap:    entity.SwapStat{TotalBytes: 1 << 30, Percent: 5},
			Load:    entity.LoadStat{Load1: v / 30, Load5: v / 40, Load15: v / 50},
			Disks:   []entity.DiskStat{{Mount: "/", Percent: 71, TotalBytes: 100 << 30, UsedBytes: 71 << 30}},
			Net:     []entity.NetStat{{Iface: "eth0", RxBytesPerS: v * 1e4, TxBytesPerS: v * 2e3}},
			Procs:   entity.ProcStats{TopCPU: []entity.ProcStat{{PID: 42, Name: "postgres", CPUPercent: 88, RSSBytes: 1 << 30}}},
			UptimeS: 86400}
		if i == 200 { // the host was unreachable once
			r.AppendGap("db-1", at)
			continue
		}
		r.Append(s)
		last = s
	}
	return r, last
}

// TestHostDetail draws a host's screen with its charts from a ring and
// checks there is one chart per series and that the charts really draw.
func TestHostDetail(t *testing.T) {
	test.NewTempApp(t)
	ring, snap := detailRing(t)
	src := func(m entity.Metric, from, to time.Time, n int) []entity.Point {
		pts, _ := ring.Range("db-1", m, from, to, n)
		return pts
	}
	d := NewHostDetail("db-1", src, i18n.EN, entity.DefaultGrades)
	v := NewHostView(entity.HostStatus{Host: "db-1", State: entity.StateOK, LastPoll: now}, snap, true, entity.DefaultGrades)
	d.Update(v, snap, []AlertRow{{Host: "db-1", Rule: "cpu", Severity: "critical", Text: "97 % (95 %)"}})
	for _, c := range d.Charts() {
		c.SetClock(func() time.Time { return now })
	}
	w := test.NewTempWindow(t, d)
	w.Resize(fyne.NewSize(1000, 800))
	var titles []string
	for _, c := range d.Charts() {
		titles = append(titles, c.Spec().Title)
	}
	want := []string{"CPU", "CPU per core", "Memory / Swap", "Disk /", "Network", "Load"}
	if len(titles) != len(want) {
		t.Fatalf("charts %v, want %v", titles, want)
	}
	for i := range want {
		if titles[i] != want[i] {
			t.Errorf("chart %d: %q, want %q", i, titles[i], want[i])
		}
	}
	// Five minutes as curves; an hour of one percentage as bars.
	if m := d.Charts()[0].Model(400); m.Kind.String() != "smooth" || len(m.Series[0].Points) == 0 {
		t.Errorf("5-minute CPU chart: %v with %d points", m.Kind, len(m.Series[0].Points))
	}
	d.Charts()[0].SetPeriod(time.Hour)
	if m := d.Charts()[0].Model(400); m.Kind.String() != "bars" {
		t.Errorf("1-hour CPU chart: %v", m.Kind)
	}
	d.Charts()[0].SetPeriod(5 * time.Minute)
	assertMarkup(t, "detail/db-1.xml", w.Canvas())
	img := w.Canvas().Capture()
	if os.Getenv("LOOKOUT_SHOT") != "" {
		f, _ := os.Create(os.Getenv("LOOKOUT_SHOT"))
		png.Encode(f, img)
		f.Close()
	}
}

// TestHostDetailProcessCost: seed 004's question in the host detail. A
// crawler whose python count rose and fell shows, over the period, the
// count range, what each process costs with its fit quality (R²) and the
// count at the CPU peak, in English and Chinese; a host without
// count_processes shows no such section.
func TestHostDetailProcessCost(t *testing.T) {
	ring := engine.NewRing(4000)
	var snap entity.Snapshot
	for i := range 360 {
		n := 2 + (i/30)%11
		s := entity.Snapshot{Host: "crawler", Time: now.Add(time.Duration(i-360) * time.Minute)}
		s.CPU = entity.CPUStat{Cores: 8, Percent: 5 + 3.1*float64(n) + 0.5*math.Sin(float64(i))}
		s.Mem = entity.MemStat{TotalBytes: 8 << 30, Percent: 10 + 1.5*float64(n)}
		s.Procs.Counts = map[string]int{"python": n}
		if i == 200 {
			s.CPU.Percent = 99
		}
		ring.Append(s)
		snap = s
	}
	for lang, want := range map[i18n.Lang][]string{
		i18n.EN: {"python 2–12, now ", "each python process ≈ 3.1 % CPU (R² 0.", "123 MiB (R² 1.00)", "CPU peak 99.0 % at 11-20 07:20: python 8"},
		i18n.ZH: {"每个 python 进程 ≈ 3.1 % CPU（R² 0.", "CPU峰值 99.0 %（11-20 07:20）：python 8"},
	} {
		test.NewTempApp(t)
		d := NewHostDetail("crawler", func(entity.Metric, time.Time, time.Time, int) []entity.Point { return nil }, lang, entity.DefaultGrades)
		w := test.NewTempWindow(t, d)
		w.Resize(fyne.NewSize(1000, 800))
		d.Update(NewHostView(entity.HostStatus{Host: "crawler", State: entity.StateOK, LastPoll: now}, snap, true, entity.DefaultGrades), snap, nil)
		d.SetProcs(report.ProcsOf(ring, "crawler", snap, now.Add(-d.Period()-6*time.Hour), now).Lines(lang, time.UTC))
		got := d.ProcsText()
		for _, s := range want {
			if !strings.Contains(got, s) {
				t.Errorf("%s: the detail lacks %q:\n%s", lang, s, got)
			}
		}
		d.SetProcs(nil)
		if d.ProcsText() != "" {
			t.Errorf("%s: a host without counts shows %q", lang, d.ProcsText())
		}
	}
}

// TestAlertRowsHumanNames: the alerts screen and the host detail name a
// rule as people do ("Load per core", "Memory", 内存) and write how long
// it has held in words ("for 1 day"), never the raw key or "1 days".
func TestAlertRowsHumanNames(t *testing.T) {
	rows := []AlertRow{{ID: "1", Host: "db-1", Rule: "load_per_core", Severity: "warning", Kind: "firing", Text: "2.50 (2.00)",
		Since: now.Add(-24 * time.Hour), At: now}, {ID: "2", Host: "db-1", Rule: "mem", Severity: "critical", Kind: "firing", Text: "96.0 %",
		Since: now.Add(-time.Minute), At: now}}
	for lang, want := range map[i18n.Lang][]string{i18n.EN: {"Load per core", "Memory", "for 1 day"}, i18n.ZH: {"每核负载", "内存", "已持续 1 天"}} {
		test.NewTempApp(t)
		v := NewAlertsView(lang)
		v.SetClock(func() time.Time { return now })
		v.Set(rows, rows, nil, time.Time{})
		w := test.NewTempWindow(t, v)
		w.Resize(fyne.NewSize(900, 600))
		d := NewHostDetail("db-1", func(entity.Metric, time.Time, time.Time, int) []entity.Point { return nil }, lang, entity.DefaultGrades)
		d.Update(HostView{Name: "db-1", State: entity.StateOK}, entity.Snapshot{}, rows)
		var text strings.Builder
		for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
			if l, ok := o.(*widget.Label); ok {
				text.WriteString(l.Text + "\n")
			}
		}
		text.WriteString(d.alertText())
		for _, s := range want {
			if !strings.Contains(text.String(), s) {
				t.Errorf("%s: lacks %q:\n%s", lang, s, text.String())
			}
		}
		for _, raw := range []string{"load_per_core", "mem ", "· mem", "1 days"} {
			if strings.Contains(text.String(), raw) {
				t.Errorf("%s: raw %q:\n%s", lang, raw, text.String())
			}
		}
	}
}
