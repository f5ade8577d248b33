package views

import (
	"fmt"
	"strings"
	"time"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"lookout/internal/human"
	"lookout/internal/i18n"
)

// Periods a host's charts can show.
var Periods = []time.Duration{5 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}

// HostDetail is one host's screen: its figures, live and historical charts
// over a chosen period, the top processes, its open alerts, and actions
// (pause polling, test the connection, trust an SSH host key).
type HostDetail struct {
	widget.BaseWidget
	// OnBack returns to the overview; OnPause pauses or resumes polling
	// of the host; OnTest polls it once now; OnTrust shows and records its
	// SSH host key.
	OnBack  func()
	OnPause func(host string, paused bool)
	OnTest  func(host string)
	OnTrust func(host string)
	// OnPeriod tells that the charts' period changed (the process costs
	// are fitted over it).
	OnPeriod func(time.Duration)

	host   string
	lang   i18n.Lang
	grades entity.Grades
	source Source
	view   HostView
	snap   entity.Snapshot
	alerts []AlertRow

	title, info *widget.Label
	procs       *widget.Label
	costHead    *widget.Label
	cost        *widget.Label
	alertBox    *widget.Label
	period      *widget.Select
	pause       *widget.Button
	trust       *widget.Button
	charts      []*Chart
	chartGrid   *fyne.Container
}

// NewHostDetail returns the detail screen of host, reading its series
// from src.
func NewHostDetail(host string, src Source, lang i18n.Lang, g entity.Grades) *HostDetail {
	d := &HostDetail{host: host, lang: lang, grades: g, source: src}
	d.title = widget.NewLabel(host)
	d.title.TextStyle = fyne.TextStyle{Bold: true}
	d.info = widget.NewLabel("")
	d.info.Wrapping = fyne.TextWrapWord
	d.procs = widget.NewLabel("")
	d.procs.TextStyle = fyne.TextStyle{Monospace: true}
	d.costHead = widget.NewLabelWithStyle(d.t("Processes and what each costs"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.cost = widget.NewLabel("")
	d.cost.Wrapping = fyne.TextWrapWord
	d.costHead.Hide()
	d.cost.Hide()
	d.alertBox = widget.NewLabel("")
	d.alertBox.Wrapping = fyne.TextWrapWord
	var labels []string
	for _, p := range Periods {
		labels = append(labels, periodLabel(p, lang))
	}
	d.period = widget.NewSelect(labels, func(s string) {
		for i, l := range labels {
			if l == s {
				for _, c := range d.charts {
					c.SetPeriod(Periods[i])
				}
				if d.OnPeriod != nil {
					d.OnPeriod(Periods[i])
				}
			}
		}
	})
	d.pause = widget.NewButton(d.t("Pause polling"), func() {
		if d.OnPause != nil {
			d.OnPause(d.host, d.view.State != entity.StatePaused)
		}
	})
	d.trust = widget.NewButton(d.t("Trust host key…"), func() {
		if d.OnTrust != nil {
			d.OnTrust(d.host)
		}
	})
	d.trust.Hide()
	d.chartGrid = container.NewGridWrap(fyne.NewSize(430, 230))
	d.ExtendBaseWidget(d)
	d.period.SetSelectedIndex(0)
	return d
}

func (d *HostDetail) t(k string, a ...any) string { return i18n.T(d.lang, k, a...) }

// periodLabel is a chart period as people say it: "5 min", "1 day",
// "7 days" ("1 天").
func periodLabel(p time.Duration, lang i18n.Lang) string { return i18n.Duration(lang, p) }

// Period returns the charts' period.
func (d *HostDetail) Period() time.Duration { return Periods[max(d.period.SelectedIndex(), 0)] }

// SetProcs shows what the host's count_processes keywords cost over the
// period, one line each (report.HostProcs.Lines): the counts, the fitted
// cost per process with its R², the counts at the CPU and memory peaks.
// No lines hide the section. Call it on the UI goroutine.
func (d *HostDetail) SetProcs(lines []string) {
	d.cost.SetText(strings.Join(lines, "\n"))
	if len(lines) == 0 {
		d.costHead.Hide()
		d.cost.Hide()
		return
	}
	d.costHead.Show()
	d.cost.Show()
}

// ProcsText returns the process-cost lines shown (tests).
func (d *HostDetail) ProcsText() string {
	if !d.cost.Visible() {
		return ""
	}
	return d.cost.Text
}

// Host returns the host shown.
func (d *HostDetail) Host() string { return d.host }

// Charts returns the charts shown (tests).
func (d *HostDetail) Charts() []*Chart { return d.charts }

// CreateRenderer implements fyne.Widget.
func (d *HostDetail) CreateRenderer() fyne.WidgetRenderer {
	back := widget.NewButton("← "+d.t("Overview"), func() {
		if d.OnBack != nil {
			d.OnBack()
		}
	})
	test := widget.NewButton(d.t("Test connection"), func() {
		if d.OnTest != nil {
			d.OnTest(d.host)
		}
	})
	top := container.NewHBox(back, d.title, layout.NewSpacer(), widget.NewLabel(d.t("Period")), d.period, d.pause, test, d.trust)
	body := container.NewVBox(d.info, d.alertBox, d.chartGrid, d.costHead, d.cost,
		widget.NewLabelWithStyle(d.t("Top processes"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), d.procs)
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, container.NewVScroll(body)))
}

// Update shows the host's latest view, snapshot and open alerts, and
// redraws the charts. Call it on the UI goroutine.
func (d *HostDetail) Update(v HostView, snap entity.Snapshot, alerts []AlertRow) {
	d.view, d.snap, d.alerts = v, snap, alerts
	d.title.SetText(fmt.Sprintf("%s · %s", v.Name, d.t(string(v.State))))
	if v.State == entity.StatePaused {
		d.pause.SetText(d.t("Resume polling"))
	} else {
		d.pause.SetText(d.t("Pause polling"))
	}
	if v.State == entity.StateUntrusted {
		d.trust.Show()
	} else {
		d.trust.Hide()
	}
	d.info.SetText(d.infoText())
	d.alertBox.SetText(d.alertText())
	d.procs.SetText(procTable(snap))
	d.syncCharts()
	for _, c := range d.charts {
		c.Refresh()
	}
}

func (d *HostDetail) infoText() string {
	v, s := d.view, d.snap
	var parts []string
	if !v.LastPoll.IsZero() {
		parts = append(parts, d.t("last poll %s", v.LastPoll.Local().Format("15:04:05")))
	}
	if s.UptimeS > 0 {
		parts = append(parts, d.t("up %s", i18n.Duration(d.lang, time.Duration(s.UptimeS*float64(time.Second)))))
	}
	if s.CPU.Model != "" {
		parts = append(parts, s.CPU.Model)
	}
	if s.CPU.Cores > 0 {
		parts = append(parts, d.t("%d cores", s.CPU.Cores))
	}
	if s.Mem.TotalBytes > 0 {
		parts = append(parts, d.t("%s memory", human.Bytes(float64(s.Mem.TotalBytes))))
	}
	text := strings.Join(parts, " · ")
	var disks []string
	for _, dk := range s.Disks {
		disks = append(disks, fmt.Sprintf("%s %s (%s / %s)", dk.Mount, formatPct(dk.Percent),
			human.Bytes(float64(dk.UsedBytes)), human.Bytes(float64(dk.TotalBytes))))
	}
	if len(disks) > 0 {
		text += "\n" + d.t("Disk") + i18n.Colon(d.lang) + strings.Join(disks, i18n.ListSep(d.lang))
	}
	if v.Error != "" {
		text += "\n" + v.Error
	}
	return text
}

func (d *HostDetail) alertText() string {
	if len(d.alerts) == 0 {
		return d.t("No alert is firing.")
	}
	var lines []string
	for _, a := range d.alerts {
		lines = append(lines, fmt.Sprintf("%s · %s — %s", d.t(a.Severity), i18n.RuleName(d.lang, a.Rule), a.Text))
	}
	return strings.Join(lines, "\n")
}

// syncCharts makes one chart per series the host has: CPU, per core,
// memory and swap, each filesystem, network, load.
func (d *HostDetail) syncCharts() {
	specs := DetailCharts(d.snap, d.lang)
	if len(specs) == len(d.charts) {
		same := true
		for i, s := range specs {
			if s.Title != d.charts[i].spec.Title {
				same = false
			}
		}
		if same {
			return
		}
	}
	period := Periods[max(d.period.SelectedIndex(), 0)]
	d.charts = d.charts[:0]
	var objs []fyne.CanvasObject
	for _, s := range specs {
		c := NewChart(s, d.source, period, d.grades)
		d.charts = append(d.charts, c)
		objs = append(objs, c)
	}
	d.chartGrid.Objects = objs
	d.chartGrid.Refresh()
}

// maxCoreSeries caps the per-core chart's lines; past it the chart is
// left out (the total says enough on a big machine).
const maxCoreSeries = 16

// DetailCharts lists the charts of a host from its snapshot.
func DetailCharts(s entity.Snapshot, lang i18n.Lang) []ChartSpec {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	specs := []ChartSpec{{Title: t("CPU"), Metrics: []entity.Metric{entity.MetricCPU}, Names: []string{t("CPU")}}}
	if n := len(s.CPU.PerCore); n > 1 && n <= maxCoreSeries {
		cs := ChartSpec{Title: t("CPU per core")}
		for i := range n {
			cs.Metrics = append(cs.Metrics, fmt.Sprintf("cpu_core:%d", i))
			cs.Names = append(cs.Names, fmt.Sprintf("%d", i))
		}
		specs = append(specs, cs)
	}
	specs = append(specs, ChartSpec{Title: t("Memory") + " / " + t("Swap"),
		Metrics: []entity.Metric{entity.MetricMem, entity.MetricSwap}, Names: []string{t("Memory"), t("Swap")}})
	for _, dk := range s.Disks {
		specs = append(specs, ChartSpec{Title: t("Disk") + " " + dk.Mount, Metrics: []entity.Metric{"disk:" + dk.Mount},
			Names: []string{dk.Mount}})
	}
	specs = append(specs,
		ChartSpec{Title: t("Network"), Metrics: []entity.Metric{entity.MetricNetRx, entity.MetricNetTx}, Names: []string{t("received"), t("sent")}},
		ChartSpec{Title: t("Load"), Metrics: []entity.Metric{"load1", "load5", "load15"}, Names: []string{"1 min", "5 min", "15 min"}})
	return specs
}

func procTable(s entity.Snapshot) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %-20s %7s %10s\n", "PID", "CPU", "%", "RSS")
	for _, p := range s.Procs.TopCPU {
		fmt.Fprintf(&b, "%-8d %-20s %7.1f %10s\n", p.PID, trunc(p.Name, 20), p.CPUPercent, human.Bytes(float64(p.RSSBytes)))
	}
	fmt.Fprintf(&b, "\n%-8s %-20s %7s %10s\n", "PID", "MEM", "%", "RSS")
	for _, p := range s.Procs.TopMem {
		fmt.Fprintf(&b, "%-8d %-20s %7.1f %10s\n", p.PID, trunc(p.Name, 20), p.MemPercent, human.Bytes(float64(p.RSSBytes)))
	}
	return b.String()
}

func trunc(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
