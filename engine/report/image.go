package report

import (
	"errors"
	"fmt"
	"image"
	"math"
	"strings"
	"time"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/chart"
	"lookout/internal/human"
)

// MaxPNGBytes is the largest report image: WeCom's robots refuse images
// over 2 MB, and the others are no more generous.
const MaxPNGBytes = 2 << 20

// ImageOptions shape the report image.
type ImageOptions struct {
	// Width in pixels; 0 means 1080, a phone screen's width, so that chat
	// apps show the image at full size.
	Width int
	// Scale of text and lines; 0 means 2.2, which makes 12-point labels
	// about 26 px: readable on a phone without zooming.
	Scale float64
	// Charts are the metrics drawn as bar charts for each host; nil means
	// CPU and memory, as the seeds draw.
	Charts []entity.Metric
	// ChartHeight of each chart, before scaling; 0 means 250.
	ChartHeight int
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
	if o.Charts == nil {
		o.Charts = []entity.Metric{entity.MetricCPU, entity.MetricMem}
	}
	if o.ChartHeight <= 0 {
		o.ChartHeight = 250
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = MaxPNGBytes
	}
	if o.Location == nil {
		o.Location = time.Local
	}
}

// words are the fixed texts of the image in both languages.
var words = map[string]map[string]string{
	"en": {"title": "Lookout report", "now": "now", "avg": "avg", "peak": "peak", "stale": "not answering since %s",
		"never": "never polled", "alerts": "%d alerts", "gaps": "%d failed polls", "cores": "%d cores"},
	"zh": {"title": "服务器监测报告", "now": "当前", "avg": "平均", "peak": "峰值", "stale": "自 %s 起无响应",
		"never": "从未采集", "alerts": "告警 %d 次", "gaps": "采集失败 %d 次", "cores": "%d 核"},
}

func word(lang, key string) string {
	if w, ok := words[lang][key]; ok {
		return w
	}
	return words["en"][key]
}

// Panels returns the report as stacked panels: a heading, then per host a
// text band with its figures and its bar charts.
func Panels(r *Report, o ImageOptions) []chart.Panel {
	o.defaults()
	tf := func(t time.Time) string { return t.In(o.Location).Format("01-02 15:04") }
	panels := []chart.Panel{{Lines: []string{
		fmt.Sprintf("%s · %s", word(o.Lang, "title"), duration(r.Period, o.Lang)),
		fmt.Sprintf("%s – %s", tf(r.From), tf(r.To)),
	}}}
	for _, h := range r.Hosts {
		lines := []string{h.Name}
		switch {
		case h.Error != "":
			lines[0] += " · " + h.Error
		case h.LastSeen.IsZero():
			lines[0] += " · " + word(o.Lang, "never")
		case h.Stale:
			lines[0] += " · " + fmt.Sprintf(word(o.Lang, "stale"), tf(h.LastSeen))
		}
		for _, s := range h.Stats {
			lines = append(lines, statLine(s, h, o))
		}
		var extra []string
		if n := len(h.Alerts); n > 0 {
			extra = append(extra, fmt.Sprintf(word(o.Lang, "alerts"), n))
		}
		if st, ok := h.Stat(entity.MetricCPU); ok && st.Gaps > 0 {
			extra = append(extra, fmt.Sprintf(word(o.Lang, "gaps"), st.Gaps))
		}
		if len(extra) > 0 {
			lines = append(lines, strings.Join(extra, " · "))
		}
		panels = append(panels, chart.Panel{Lines: lines})
		for _, m := range o.Charts {
			pts, ok := h.Series[m]
			if !ok {
				continue
			}
			title := h.Name + " · " + Label(m, o.Lang)
			if m == entity.MetricDiskMax && h.DiskMount != "" {
				title += " " + h.DiskMount
			}
			c := &chart.Chart{Title: title, Kind: chart.KindBars, Unit: chart.UnitOf(m),
				Series: []chart.Series{{Name: Label(m, o.Lang), Points: pts}},
				From:   r.From, To: r.To, Grades: r.Grades, Location: o.Location}
			panels = append(panels, chart.Panel{Chart: c, Height: int(math.Round(float64(o.ChartHeight) * o.Scale))})
		}
	}
	return panels
}

// statLine is "CPU  now 45.0%  avg 32.1%  peak 92.0% (10:14)".
func statLine(s Stat, h Host, o ImageOptions) string {
	f := func(v float64) string {
		switch {
		case math.IsNaN(v):
			return "–"
		case s.Percent:
			return fmt.Sprintf("%.1f%%", v)
		}
		return fmt.Sprintf("%.2f", v)
	}
	label := Label(s.Metric, o.Lang)
	if s.Metric == entity.MetricDiskMax && h.DiskMount != "" {
		label += " " + h.DiskMount
	}
	line := fmt.Sprintf("%s  %s %s · %s %s · %s %s", label, word(o.Lang, "now"), f(s.Current),
		word(o.Lang, "avg"), f(s.Average), word(o.Lang, "peak"), f(s.Peak))
	if !s.PeakAt.IsZero() {
		line += " (" + s.PeakAt.In(o.Location).Format("15:04") + ")"
	}
	if s.Metric == entity.MetricLoad1 && h.Cores > 0 {
		line += " · " + fmt.Sprintf(word(o.Lang, "cores"), h.Cores)
	}
	return line
}

// Image draws the report.
func Image(r *Report, o ImageOptions) (*image.RGBA, error) {
	o.defaults()
	return chart.Stack(Panels(r, o), chart.StackOptions{Width: o.Width, Theme: o.Theme, Scale: o.Scale, Fonts: o.Fonts})
}

// ErrTooBig is returned when even the smallest rendering exceeds MaxBytes.
var ErrTooBig = errors.New("report: image too big")

// RenderPNG draws the report as a PNG of at most o.MaxBytes, drawing it
// again smaller when it is too big (many hosts).
func RenderPNG(r *Report, o ImageOptions) ([]byte, error) {
	o.defaults()
	for try := 0; try < 4; try++ {
		img, err := Image(r, o)
		if err != nil {
			return nil, err
		}
		b, err := chart.PNG(img)
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
		if o.Lang == "zh" {
			o.Title = fmt.Sprintf("%s · 最近 %s", host, duration(o.Window, "zh"))
		} else {
			o.Title = fmt.Sprintf("%s · last %s", host, human.Duration(o.Window))
		}
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

// duration formats d for lang: "6h" or "6 小时".
func duration(d time.Duration, lang string) string {
	if lang != "zh" {
		return human.Duration(d)
	}
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d 天", d/(24*time.Hour))
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d 小时", d/time.Hour)
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d 分钟", d/time.Minute)
	}
	return human.Duration(d)
}
