package report

import (
	"errors"
	"fmt"
	"image"
	"image/draw"
	"math"
	"time"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/chart"
	"lookout/internal/i18n"
)

// MaxPNGBytes is the largest report image: WeCom's robots refuse images
// over 2 MB, and the others are no more generous.
const MaxPNGBytes = 2 << 20

// MaxImageHeight is the tallest report image: 1080×2400 is a phone screen
// or two, read without zooming.
const MaxImageHeight = 2400

// DefaultChartHosts is how many notable hosts get a chart.
const DefaultChartHosts = 3

// ImageOptions shape the report image.
type ImageOptions struct {
	// Width in pixels; 0 means 1080, a phone screen's width, so that chat
	// apps show the image at full size.
	Width int
	// Scale of text and lines; 0 means 2.2, which makes 12-point labels
	// about 26 px: readable on a phone without zooming.
	Scale float64
	// Charts are the metrics that may be charted for a notable host (one
	// chart per host: its worst); empty means Metrics.
	Charts []entity.Metric
	// ChartHosts is how many notable hosts (alerts, or a figure in the red
	// grade) get a chart, worst first; 0 means DefaultChartHosts, -1 none.
	ChartHosts int
	// ChartHeight of each chart, before scaling; 0 means 140.
	ChartHeight int
	// MaxHeight of one image in pixels; 0 means MaxImageHeight. A taller
	// report is split into several images (RenderPages).
	MaxHeight int
	// Lang is "en" (default) or "zh".
	Lang  string
	Theme *chart.Theme
	// Location of the times shown; nil means time.Local.
	Location *time.Location
	Fonts    *chart.Fonts
	// MaxBytes bounds the PNG (0: MaxPNGBytes). A bigger image is drawn
	// again smaller, down to half size, before RenderPNG gives up.
	MaxBytes int
}

func (o *ImageOptions) defaults() {
	if o.Width <= 0 {
		o.Width = 1080
	}
	if o.Scale <= 0 {
		o.Scale = 2.2
	}
	if len(o.Charts) == 0 {
		o.Charts = Metrics
	}
	if o.ChartHosts == 0 {
		o.ChartHosts = DefaultChartHosts
	}
	if o.ChartHeight <= 0 {
		o.ChartHeight = 140
	}
	if o.MaxHeight <= 0 {
		o.MaxHeight = MaxImageHeight
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = MaxPNGBytes
	}
	if o.Location == nil {
		o.Location = time.Local
	}
}

// count is n things in lang, in the plural form the language uses:
// "1 alert", "3 alerts", "告警 3 次" (report.* in internal/i18n's files).
func count(lang, key string, n int) string {
	return i18n.Plural(i18n.Lang(lang), "report."+key, n)
}

// word is the image's fixed text key in lang (report.* in internal/i18n's
// message files).
func word(lang, key string) string { return i18n.Msg(i18n.Lang(lang), "report."+key) }

func lang(o ImageOptions) i18n.Lang {
	if o.Lang == "zh" {
		return i18n.ZH
	}
	return i18n.EN
}

// heading is the report's first panel: title, period, fleet counts and
// the key to the summary's cells.
func heading(r *Report, o ImageOptions, part string) chart.Panel {
	tf := func(t time.Time) string { return t.In(o.Location).Format("01-02 15:04") }
	title := fmt.Sprintf("%s · %s", word(o.Lang, "title"), i18n.Duration(i18n.Lang(o.Lang), r.Period))
	if part != "" {
		title += " · " + part
	}
	bad := 0
	for _, h := range r.Hosts {
		if h.State() != StateOK {
			bad++
		}
	}
	lines := []string{title, fmt.Sprintf("%s – %s · %s · %s", tf(r.From), tf(r.To),
		count(o.Lang, "hosts", len(r.Hosts)), count(o.Lang, "attention", bad))}
	if part == "" {
		lines = append(lines, fmt.Sprintf(word(o.Lang, "legend"), r.Grades.Low, r.Grades.High))
	}
	return chart.Panel{Lines: lines}
}

// Panels returns the report as stacked panels: the heading, the fleet
// summary (one row per host, worst first), the period's alerts, the
// process costs, then a chart for each of the worst notable hosts.
func Panels(r *Report, o ImageOptions) []chart.Panel {
	o.defaults()
	hosts := WorstFirst(r.Hosts)
	panels := []chart.Panel{heading(r, o, ""), {Table: summaryTable(r, hosts, o)}, alertsPanel(r, o)}
	if p, ok := procsPanel(r, hosts, o); ok {
		panels = append(panels, p)
	}
	var notable []Host
	for _, h := range hosts {
		if h.Notable() && len(h.Stats) > 0 {
			notable = append(notable, h)
		}
	}
	n := min(max(o.ChartHosts, 0), len(notable))
	if n < len(notable) {
		panels = append(panels, chart.Panel{Lines: []string{fmt.Sprintf(word(o.Lang, "charts"), n, len(notable))}})
	}
	for _, h := range notable[:n] {
		if c := hostChart(r, h, o); c != nil {
			panels = append(panels, chart.Panel{Chart: c, Height: int(math.Round(float64(o.ChartHeight) * o.Scale))})
		}
	}
	return panels
}

// hostChart is the bar chart of h's worst figure among o.Charts.
func hostChart(r *Report, h Host, o ImageOptions) *chart.Chart {
	var best Stat
	found := false
	for _, m := range o.Charts {
		st, ok := h.Stat(m)
		if !ok || len(h.Series[m]) == 0 {
			continue
		}
		if !found || st.PeakLevel > best.PeakLevel || (st.PeakLevel == best.PeakLevel && st.Percent && st.Peak > best.Peak) {
			best, found = st, true
		}
	}
	if !found {
		return nil
	}
	m := best.Metric
	title := h.Name + " · " + Label(m, o.Lang)
	if m == entity.MetricDiskMax && h.DiskMount != "" {
		title += " " + h.DiskMount
	}
	if !best.PeakAt.IsZero() {
		title += " · " + fmt.Sprintf(word(o.Lang, "peakat"), figure(best, best.Peak), best.PeakAt.In(o.Location).Format("15:04"))
		if c := procsAt(h, best.PeakAt); c != "" {
			title += " · " + c
		}
	}
	return &chart.Chart{Title: title, Kind: chart.KindBars, Unit: chart.UnitOf(m),
		Series: []chart.Series{{Name: Label(m, o.Lang), Points: h.Series[m]}},
		From:   r.From, To: r.To, Grades: r.Grades, Location: o.Location, NoLegend: true}
}

// figure formats v of st for a cell: "45" for a percentage, "1.25" for load.
func figure(st Stat, v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case st.Percent:
		return fmt.Sprintf("%.0f", v)
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// summaryTable is the fleet summary: per host its state and, per figure,
// now/average/peak as chips coloured by grade over a sparkline.
func summaryTable(r *Report, hosts []Host, o ImageOptions) *chart.Table {
	t := &chart.Table{Grades: r.Grades, Columns: []chart.Column{{Header: word(o.Lang, "host"), Weight: 1.6}}}
	for _, m := range Metrics {
		h := Label(m, o.Lang)
		if entity.IsPercent(m) {
			h += " %"
		}
		t.Columns = append(t.Columns, chart.Column{Header: h})
	}
	tf := func(t time.Time) string { return t.In(o.Location).Format("01-02 15:04") }
	for _, h := range hosts {
		st := h.State()
		sub := word(o.Lang, string(st))
		switch {
		case h.Error != "":
			sub += " · " + h.Error
		case h.LastSeen.IsZero():
			sub = word(o.Lang, "never")
		case h.Stale:
			sub = fmt.Sprintf(word(o.Lang, "stale"), tf(h.LastSeen))
		}
		if n := len(h.Incidents); n > 0 {
			sub += " · " + count(o.Lang, "alerts", n)
		}
		row := []chart.Cell{{Text: h.Name, Sub: sub, SubLevel: st.Level(), SubGraded: true}}
		for _, m := range Metrics {
			s, ok := h.Stat(m)
			if !ok {
				row = append(row, chart.Cell{Chips: []chart.Chip{{Text: "–", None: true}, {Text: "–", None: true}, {Text: "–", None: true}}})
				continue
			}
			c := chart.Cell{Spark: h.Series[m], From: r.From, To: r.To, Chips: []chart.Chip{
				{Text: figure(s, s.Current), Level: s.Level, None: math.IsNaN(s.Current)},
				{Text: figure(s, s.Average), Level: gradeStat(m, s.Average, r.Grades, h.Cores), None: math.IsNaN(s.Average)},
				{Text: figure(s, s.Peak), Level: s.PeakLevel, None: math.IsNaN(s.Peak)}}}
			if m == entity.MetricLoad1 {
				cores := float64(max(h.Cores, 1))
				c.SparkScale = 100 / cores
				c.SparkMax = max(cores, s.Peak)
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// alertsPanel is the period's alerts: how many, the longest, which are
// still open.
func alertsPanel(r *Report, o ImageOptions) chart.Panel {
	a := r.Alerts
	if a.Count == 0 {
		return chart.Panel{Lines: []string{word(o.Lang, "noalerts")}}
	}
	l := lang(o)
	lines := []string{fmt.Sprintf(word(o.Lang, "alertsline"), a.Count, a.Longest.Host, i18n.RuleName(l, a.Longest.Key),
		i18n.Duration(l, a.Longest.Duration()), len(a.Open))}
	const maxOpen = 5
	for i, in := range a.Open {
		if i == maxOpen {
			lines = append(lines, fmt.Sprintf(word(o.Lang, "more"), len(a.Open)-maxOpen))
			break
		}
		lines = append(lines, fmt.Sprintf(word(o.Lang, "open"), in.Host, i18n.RuleName(l, in.Key),
			word(o.Lang, in.Severity), i18n.Duration(l, in.Duration())))
	}
	return chart.Panel{Lines: lines}
}

// Image draws the whole report as one image, however tall (Pages splits it).
func Image(r *Report, o ImageOptions) (*image.RGBA, error) {
	o.defaults()
	return chart.Stack(Panels(r, o), o.stack())
}

func (o ImageOptions) stack() chart.StackOptions {
	return chart.StackOptions{Width: o.Width, Theme: o.Theme, Scale: o.Scale, Fonts: o.Fonts}
}

// Pages draws the report as images of at most o.MaxHeight pixels each:
// one for a small fleet; for a large one the summary continues on the
// next image (its header and a "part 2 of 3" heading repeated).
func Pages(r *Report, o ImageOptions) ([]*image.RGBA, error) {
	o.defaults()
	pages := paginate(r, o)
	out := make([]*image.RGBA, 0, len(pages))
	for i, p := range pages {
		img, err := chart.Stack(p, o.stack())
		if err != nil {
			return nil, fmt.Errorf("report image %d: %w", i+1, err)
		}
		out = append(out, img)
	}
	return out, nil
}

// paginate returns the panels of each image.
func paginate(r *Report, o ImageOptions) [][]chart.Panel {
	pages := chart.Paginate(Panels(r, o), o.stack(), o.MaxHeight, func(i, n int) []chart.Panel {
		return []chart.Panel{heading(r, o, fmt.Sprintf(word(o.Lang, "page"), i, n))}
	})
	if len(pages) > 1 { // the first page says it is part 1
		pages[0][0] = heading(r, o, fmt.Sprintf(word(o.Lang, "page"), 1, len(pages)))
	}
	return pages
}

// ErrTooBig is returned when even the smallest rendering exceeds MaxBytes.
var ErrTooBig = errors.New("report: image too big")

// RenderPages draws the report as PNGs, each within o.MaxBytes and
// o.MaxHeight: what channels send, one image after another. However many
// hosts, every host is in them; a page too big in bytes is drawn again
// smaller (down to half size).
func RenderPages(r *Report, o ImageOptions) ([][]byte, error) {
	o.defaults()
	for try := 0; try < 4; try++ {
		imgs, err := Pages(r, o)
		if err != nil {
			return nil, err
		}
		out := make([][]byte, 0, len(imgs))
		fits := true
		for _, img := range imgs {
			b, err := chart.PNG(img)
			if err != nil {
				return nil, err
			}
			if len(b) > o.MaxBytes {
				fits = false
				break
			}
			out = append(out, b)
		}
		if fits {
			return out, nil
		}
		o.Width = o.Width * 4 / 5
		o.Scale *= 0.8
		o.MaxHeight = o.MaxHeight * 4 / 5
	}
	return nil, fmt.Errorf("%w: over %d bytes even at half size", ErrTooBig, o.MaxBytes)
}

// RenderPNG draws the report as one PNG (the pages of RenderPages one
// under the other) of at most o.MaxBytes, drawing it again smaller when
// it is too big: a file to keep. Channels send RenderPages.
func RenderPNG(r *Report, o ImageOptions) ([]byte, error) {
	o.defaults()
	for try := 0; try < 4; try++ {
		imgs, err := Pages(r, o)
		if err != nil {
			return nil, err
		}
		b, err := chart.PNG(join(imgs))
		if err != nil {
			return nil, err
		}
		if len(b) <= o.MaxBytes {
			return b, nil
		}
		o.Width = o.Width * 4 / 5
		o.Scale *= 0.8
	}
	return nil, fmt.Errorf("%w: over %d bytes even at half size; report on fewer hosts", ErrTooBig, o.MaxBytes)
}

// join stacks images of one width.
func join(imgs []*image.RGBA) *image.RGBA {
	if len(imgs) == 1 {
		return imgs[0]
	}
	h := 0
	for _, img := range imgs {
		h += img.Rect.Dy()
	}
	out := image.NewRGBA(image.Rect(0, 0, imgs[0].Rect.Dx(), h))
	y := 0
	for _, img := range imgs {
		draw.Draw(out, img.Rect.Add(image.Pt(0, y)), img, img.Rect.Min, draw.Src)
		y += img.Rect.Dy()
	}
	return out
}

// AlertChartOptions shape the chart attached to an alert.
type AlertChartOptions struct {
	// Window before the alert; 0 means 5 minutes, as the seeds draw.
	Window time.Duration
	// Metrics drawn as curves; nil means CPU, memory and swap. They must
	// share a unit.
	Metrics []entity.Metric
	// Title; "" means "HOST · last 5m".
	Title         string
	Lang          string
	Width, Height int     // 0 means 900×400
	Scale         float64 // 0 means 1.5
	Theme         *chart.Theme
	Grades        entity.Grades
	Location      *time.Location
	Fonts         *chart.Fonts
}

// AlertPNG draws the smoothed chart of host's last Window before at, read
// from store: the image an alert carries to channels that take images.
func AlertPNG(store engine.Store, host string, at time.Time, o AlertChartOptions) ([]byte, error) {
	if o.Window <= 0 {
		o.Window = 5 * time.Minute
	}
	if o.Metrics == nil {
		o.Metrics = []entity.Metric{entity.MetricCPU, entity.MetricMem, entity.MetricSwap}
	}
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 900, 400
	}
	if o.Scale <= 0 {
		o.Scale = 1.5
	}
	if o.Title == "" {
		o.Title = fmt.Sprintf(word(o.Lang, "chart_title"), host, i18n.Duration(i18n.Lang(o.Lang), o.Window))
	}
	unit := chart.UnitOf(o.Metrics[0])
	c := chart.Chart{Title: o.Title, Kind: chart.KindSmooth, Unit: unit, From: at.Add(-o.Window), To: at,
		Theme: o.Theme, Scale: o.Scale, Grades: o.Grades, Location: o.Location, Fonts: o.Fonts}
	for _, m := range o.Metrics {
		if chart.UnitOf(m) != unit {
			return nil, fmt.Errorf("alert chart: %s and %s have different units", o.Metrics[0], m)
		}
		pts, err := store.Range(host, m, at.Add(-o.Window), at, 0)
		if err != nil {
			return nil, fmt.Errorf("alert chart: %w", err)
		}
		if len(pts) > 0 {
			c.Series = append(c.Series, chart.Series{Name: Label(m, o.Lang), Points: pts})
		}
	}
	img, err := c.Render(o.Width, o.Height)
	if err != nil {
		return nil, err
	}
	return chart.PNG(img)
}
