package views

import (
	"slices"
	"strings"
	"time"

	"lookout/internal/human"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// reportCharts are the report's chart choices as config takes them, and
// their names in the form.
var (
	reportChartKeys   = []string{"cpu", "mem", "swap", "disk_max", "load1"}
	reportChartLabels = []string{"CPU", "Memory", "Swap", "Fullest disk", "Load"}
)

// reportTab edits [report]: what a report covers and when it goes out.
// Channels and hosts are ticked from the configured ones (none ticked:
// all of them); they are rebuilt when the tab is shown, since the hosts
// and channels tabs may have changed them.
func (s *Settings) reportTab() fyne.CanvasObject {
	r := &s.cfg.Report
	every := ""
	if r.Every > 0 {
		every = human.ShortDuration(time.Duration(r.Every))
	}
	period := s.field("report.period", human.ShortDuration(time.Duration(r.Period)), durationSetter(&r.Period))
	everyE := s.field("report.every", every, durationSetter(&r.Every))
	everyE.SetPlaceHolder(s.t("off"))
	at := s.field("report.at", strings.Join(r.At, ", "), func(v string) error {
		r.At = nil
		if v != "" {
			r.At = SplitList(v)
		}
		return nil
	})
	at.SetPlaceHolder("09:00, 18:00")

	labels := make([]string, len(reportChartLabels))
	for i, l := range reportChartLabels {
		labels[i] = s.t(l)
	}
	charts := widget.NewCheckGroup(labels, nil)
	var picked []string
	for i, k := range reportChartKeys {
		if slices.Contains(r.Charts, k) {
			picked = append(picked, labels[i])
		}
	}
	if r.Charts == nil {
		picked = labels[:2] // the default: CPU and memory
	}
	charts.SetSelected(picked)
	charts.Horizontal = true
	charts.OnChanged = func(sel []string) {
		r.Charts = nil
		for i, l := range labels {
			if slices.Contains(sel, l) {
				r.Charts = append(r.Charts, reportChartKeys[i])
			}
		}
		s.changed()
	}
	s.reportChecks = map[string]*widget.CheckGroup{"charts": charts}

	channels := widget.NewCheckGroup(nil, func(sel []string) { r.Channels = nonNil(sel); s.changed() })
	hosts := widget.NewCheckGroup(nil, func(sel []string) { r.Hosts = nonNil(sel); s.changed() })
	channels.Horizontal, hosts.Horizontal = true, true
	s.reportChecks["channels"], s.reportChecks["hosts"] = channels, hosts
	s.refreshReport = func() {
		var chs, hs []string
		for _, c := range s.cfg.Channels {
			chs = append(chs, c.Name)
		}
		for _, h := range s.cfg.HostsOrLocal() {
			hs = append(hs, h.Name)
		}
		set := func(g *widget.CheckGroup, opts, sel []string, onChanged func([]string)) {
			g.OnChanged = nil // setting the options is not an edit
			g.Options = opts
			g.SetSelected(slices.DeleteFunc(slices.Clone(sel), func(v string) bool { return !slices.Contains(opts, v) }))
			g.OnChanged = onChanged
			g.Refresh()
		}
		set(channels, chs, r.Channels, func(sel []string) { r.Channels = nonNil(sel); s.changed() })
		set(hosts, hs, r.Hosts, func(sel []string) { r.Hosts = nonNil(sel); s.changed() })
	}
	s.refreshReport()

	send := widget.NewButton(s.t("Send report to group"), func() {
		if s.OnSendReport != nil {
			s.OnSendReport()
		}
	})
	form := widget.NewForm(
		widget.NewFormItem(s.t("Covering the last"), period),
		widget.NewFormItem(s.t("Send every"), everyE),
		widget.NewFormItem(s.t("And at"), at),
		widget.NewFormItem(s.t("Charts"), charts),
		widget.NewFormItem(s.t("To channels"), channels),
		widget.NewFormItem(s.t("Hosts"), hosts),
	)
	form.Items[0].HintText = s.t("1m to 168h")
	form.Items[1].HintText = s.t("aligned to midnight: 6h sends at 00:00, 06:00, 12:00, 18:00; empty: not by interval")
	form.Items[2].HintText = s.t("times of day, comma separated")
	form.Items[3].HintText = s.t("none ticked: CPU and memory")
	form.Items[4].HintText = s.t("none ticked: every channel that receives reports")
	form.Items[5].HintText = s.t("none ticked: every host")
	return container.NewVScroll(container.NewVBox(form, container.NewHBox(send)))
}

// nonNil keeps "none ticked" as unset rather than an empty list, so the
// file stays as it was.
func nonNil(sel []string) []string {
	if len(sel) == 0 {
		return nil
	}
	return slices.Clone(sel)
}

// ReportChecks returns one of the report tab's check groups: "charts",
// "channels" or "hosts" (tests).
func (s *Settings) ReportChecks(name string) *widget.CheckGroup { return s.reportChecks[name] }
