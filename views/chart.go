package views

import (
	"image"
	"image/draw"
	"time"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"lookout/engine/chart"
)

// Source reads a metric's points of one host for a chart (the monitor's
// store: the in-memory ring for recent hours, the history on disk for
// older ones).
type Source func(metric entity.Metric, from, to time.Time, maxPoints int) []entity.Point

// ChartSpec says what one chart shows: its title and its series.
type ChartSpec struct {
	Title   string
	Metrics []entity.Metric
	Names   []string // legend names, one per metric
}

// Chart draws a ChartSpec with Lookout's renderer (engine/chart) into a
// canvas.Raster: one image per frame instead of thousands of canvas
// lines, and only while it is on screen. A single percentage series over
// an hour or more is drawn as level-coloured bars; anything else as
// curves smoothed by a monotone spline.
type Chart struct {
	widget.BaseWidget
	spec   ChartSpec
	source Source
	period time.Duration
	grades entity.Grades
	now    func() time.Time

	raster *canvas.Raster
	img    *image.RGBA
	// read is the last read of the source, kept while the span has not
	// moved by a pixel (see Model).
	read struct {
		from, to time.Time
		w        int
		period   time.Duration
		series   []chart.Series
	}
}

// NewChart returns a chart of spec over the last period.
func NewChart(spec ChartSpec, src Source, period time.Duration, g entity.Grades) *Chart {
	c := &Chart{spec: spec, source: src, period: period, grades: g, now: time.Now}
	c.raster = canvas.NewRaster(c.draw)
	c.ExtendBaseWidget(c)
	return c
}

// SetPeriod changes the time span and redraws.
func (c *Chart) SetPeriod(d time.Duration) {
	c.period = d
	c.Refresh()
}

// SetClock replaces time.Now (tests).
func (c *Chart) SetClock(now func() time.Time) { c.now = now }

// MinSize keeps charts readable.
func (c *Chart) MinSize() fyne.Size { return fyne.NewSize(320, 180) }

// CreateRenderer implements fyne.Widget.
func (c *Chart) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.raster) }

// Spec returns what the chart shows.
func (c *Chart) Spec() ChartSpec { return c.spec }

// Model returns the chart the renderer draws for a w-pixel-wide image.
func (c *Chart) Model(w int) chart.Chart {
	to := c.now()
	from := to.Add(-c.period)
	// A long period is read from the history on disk (milliseconds a
	// series), yet moves by one pixel only every period/w (4 s for an hour
	// 900 pixels wide): until it has, the chart redraws the last read.
	r := &c.read
	if r.series != nil && r.w == w && r.period == c.period && !to.Before(r.to) &&
		to.Sub(r.to) < c.period/time.Duration(max(w, 1)) {
		from, to = r.from, r.to
	} else {
		r.series = r.series[:0]
		for i, m := range c.spec.Metrics {
			name := m
			if i < len(c.spec.Names) {
				name = c.spec.Names[i]
			}
			r.series = append(r.series, chart.Series{Name: name, Points: c.source(m, from, to, max(w, 2))})
		}
		r.from, r.to, r.w, r.period = from, to, w, c.period
	}
	ch := chart.Chart{Title: c.spec.Title, From: from, To: to, Grades: c.grades, Kind: chart.KindSmooth}
	if len(c.spec.Metrics) > 0 {
		ch.Unit = chart.UnitOf(c.spec.Metrics[0])
	}
	ch.Series = append(ch.Series, r.series...)
	if len(ch.Series) == 1 && ch.Unit == chart.UnitPercent && c.period >= time.Hour {
		ch.Kind = chart.KindBars
		ch.NoLegend = true
	}
	if IsDark() {
		ch.Theme = &chart.Dark
	} else {
		ch.Theme = &chart.Light
	}
	return ch
}

// draw renders the chart at the raster's pixel size, reusing one image.
func (c *Chart) draw(w, h int) image.Image {
	if w < chart.MinWidth || h < chart.MinHeight {
		return image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	}
	if c.img == nil || c.img.Rect.Dx() != w || c.img.Rect.Dy() != h {
		c.img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	ch := c.Model(w)
	scale := float64(fyne.CurrentApp().Settings().Scale())
	if scale <= 0 {
		scale = 1
	}
	ch.Scale = scale
	if err := ch.Draw(c.img, c.img.Rect); err != nil {
		draw.Draw(c.img, c.img.Rect, image.Transparent, image.Point{}, draw.Src)
	}
	return c.img
}
