package chart

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"time"

	"lookout/entity"

	"golang.org/x/image/math/fixed"
)

// Kind is the form of a chart.
type Kind int

// The two forms of the seeds.
const (
	// KindBars draws one series as vertical bars coloured by level: the
	// long window (six hours). Where there are more points than pixel
	// columns, each column shows the highest value it covers, so no peak
	// is lost.
	KindBars Kind = iota
	// KindSmooth draws one or more series as curves smoothed by a monotone
	// spline: the short window (five minutes, the alert chart).
	KindSmooth
)

// String returns "bars" or "smooth".
func (k Kind) String() string {
	if k == KindSmooth {
		return "smooth"
	}
	return "bars"
}

// ParseKind reads "bars" or "smooth".
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(s) {
	case "bars", "bar":
		return KindBars, nil
	case "smooth", "curve", "line":
		return KindSmooth, nil
	}
	return 0, fmt.Errorf("unknown chart kind %q (want bars or smooth)", s)
}

// Series is one named line of points. NaN values are gaps.
type Series struct {
	Name   string
	Points []entity.Point
	// Color overrides the theme's palette when its alpha is not zero.
	Color color.RGBA
}

// Chart describes one chart. The zero value of every field but Series is
// usable: a light, level-coloured percentage bar chart of the data's time
// span.
type Chart struct {
	Title  string
	Kind   Kind
	Unit   Unit
	Series []Series
	// From and To bound the time axis; zero means the data's first and
	// last times.
	From, To time.Time
	// Grades colour bars and place the dashed level lines of percentage
	// charts; zero means engine.DefaultGrades.
	Grades entity.Grades
	// Theme defaults to Light.
	Theme *Theme
	// Scale multiplies text sizes, line widths and margins: 1 (the
	// default) suits a 900×400 image; pass the screen's scale in a window
	// or 2 for a phone.
	Scale float64
	// Location is the time zone of the time labels; nil means time.Local.
	Location *time.Location
	// Fonts defaults to DefaultFonts().
	Fonts *Fonts
	// YMax fixes the top of a non-percentage value axis (0: from the data).
	YMax float64
	// NoLegend hides the legend.
	NoLegend bool
}

// MinWidth and MinHeight are the smallest image a chart draws into.
const (
	MinWidth  = 64
	MinHeight = 48
)

// Errors from Render and Draw.
var (
	ErrTooSmall     = errors.New("chart: image too small")
	ErrBarsOneSerie = errors.New("chart: a bar chart draws exactly one series (stack panels for more)")
)

// Render draws the chart into a new w×h image.
func (c *Chart) Render(w, h int) (*image.RGBA, error) {
	if w < MinWidth || h < MinHeight {
		return nil, fmt.Errorf("%w: %d×%d, need at least %d×%d", ErrTooSmall, w, h, MinWidth, MinHeight)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	if err := c.Draw(img, img.Rect); err != nil {
		return nil, err
	}
	return img, nil
}

// Draw draws the chart into rectangle r of dst, background included. It
// is safe to call from several goroutines on distinct images.
func (c *Chart) Draw(dst *image.RGBA, r image.Rectangle) error {
	r = r.Intersect(dst.Rect)
	if r.Dx() < MinWidth || r.Dy() < MinHeight {
		return fmt.Errorf("%w: %d×%d, need at least %d×%d", ErrTooSmall, r.Dx(), r.Dy(), MinWidth, MinHeight)
	}
	if c.Kind == KindBars && len(c.Series) > 1 {
		return ErrBarsOneSerie
	}
	d := c.newDrawing(dst, r)
	fillRect(dst, r, d.theme.Background)
	d.layout()
	d.frame()
	if d.empty {
		d.centered("no data")
		return nil
	}
	switch c.Kind {
	case KindBars:
		d.bars(c.Series[0])
	default:
		for i, s := range c.Series {
			d.curve(i, s, len(c.Series) == 1)
		}
	}
	d.axisLines()
	return nil
}

// drawing is the state of one Draw call.
type drawing struct {
	c      *Chart
	dst    *image.RGBA
	r      image.Rectangle // the whole chart
	plot   image.Rectangle // the data area
	theme  Theme
	grades entity.Grades
	loc    *time.Location
	fonts  *Fonts
	s      float64

	titleSize, labelSize fixed.Int26_6
	labelAscent          int

	titleRow, legendRow image.Rectangle
	titleBase           int

	from, to time.Time
	yAxis    valueAxis
	xTicks   []tick
	empty    bool
	step     time.Duration // typical spacing of the first series
}

func (c *Chart) newDrawing(dst *image.RGBA, r image.Rectangle) *drawing {
	d := &drawing{c: c, dst: dst, r: r, theme: Light, grades: c.Grades, loc: c.Location, fonts: c.Fonts, s: c.Scale}
	if c.Theme != nil {
		d.theme = *c.Theme
	}
	if d.grades.High <= 0 {
		d.grades = entity.DefaultGrades
	}
	if d.loc == nil {
		d.loc = time.Local
	}
	if d.fonts == nil {
		d.fonts = DefaultFonts()
	}
	if d.s <= 0 {
		d.s = 1
	}
	d.titleSize = fixed.Int26_6(math.Round(15 * d.s * 64))
	d.labelSize = fixed.Int26_6(math.Round(12 * d.s * 64))
	return d
}

func (d *drawing) px(v float64) int { return int(math.Round(v * d.s)) }

// dataBounds finds the time span and the largest value of every series.
func (d *drawing) dataBounds() (first, last time.Time, vmax float64, any bool) {
	vmax = math.Inf(-1)
	for _, s := range d.c.Series {
		for _, p := range s.Points {
			if first.IsZero() || p.T.Before(first) {
				first = p.T
			}
			if last.IsZero() || p.T.After(last) {
				last = p.T
			}
			if !math.IsNaN(p.V) {
				any = true
				vmax = math.Max(vmax, p.V)
			}
		}
	}
	return first, last, vmax, any
}

// layout places the title, legend, axes and plot area.
func (d *drawing) layout() {
	first, last, vmax, any := d.dataBounds()
	d.empty = !any
	if len(d.c.Series) > 0 {
		d.step = typicalStep(d.c.Series[0].Points)
	}
	d.from, d.to = d.c.From, d.c.To
	if d.from.IsZero() {
		d.from = first
	}
	if d.to.IsZero() {
		d.to = last
		if d.c.Kind == KindBars && d.step > 0 {
			d.to = last.Add(d.step) // room for the last bar
		}
	}
	if d.from.IsZero() && d.to.IsZero() {
		d.to = time.Now()
	}
	if d.from.IsZero() {
		d.from = d.to.Add(-time.Hour)
	}
	if !d.to.After(d.from) {
		d.from, d.to = d.from.Add(-30*time.Second), d.from.Add(30*time.Second)
	}

	pad := d.px(10)
	ascent, descent := d.fonts.metrics(d.labelSize)
	d.labelAscent = ascent
	lineH := ascent + descent
	top := d.r.Min.Y + pad
	if d.c.Title != "" || d.legendWidth() > 0 {
		ta, td := d.fonts.metrics(d.titleSize)
		titleW := 0
		if d.c.Title != "" {
			titleW = d.fonts.measure(d.titleSize, d.c.Title)
		}
		rowH := max(ta+td, lineH)
		d.titleRow = image.Rect(d.r.Min.X+pad, top, d.r.Max.X-pad, top+rowH)
		d.titleBase = top + (rowH-(ta+td))/2 + ta
		top += rowH
		lw := d.legendWidth()
		if lw > 0 && titleW+d.px(24)+lw > d.titleRow.Dx() && d.c.Title != "" {
			// The legend goes on its own row under the title.
			d.legendRow = image.Rect(d.r.Min.X+pad, top+d.px(2), d.r.Max.X-pad, top+d.px(2)+lineH)
			top += lineH + d.px(2)
		} else if lw > 0 {
			d.legendRow = d.titleRow
		}
		top += d.px(8)
	}
	bottom := d.r.Max.Y - pad - lineH - d.px(4)
	plotH := max(bottom-top, 10)

	_, _, dmax, _ := d.dataBounds()
	d.yAxis = makeValueAxis(d.c.Unit, dmax, d.c.YMax, plotH/max(lineH*2, 1)+1)
	labelW := 0
	for _, t := range d.yAxis.ticks {
		labelW = max(labelW, d.fonts.measure(d.labelSize, t.label))
	}
	left := d.r.Min.X + pad + labelW + d.px(6)
	right := d.r.Max.X - pad
	d.plot = image.Rect(left, top, max(right, left+10), top+plotH).Intersect(d.r)
	if d.plot.Dx() < 4 || d.plot.Dy() < 4 {
		d.plot = image.Rect(d.r.Min.X, d.r.Min.Y, d.r.Max.X, d.r.Max.Y) // too small for axes: data only
	}

	tickW := d.fonts.measure(d.labelSize, "00:00") + d.px(28)
	if d.to.Sub(d.from) < 3*time.Minute {
		tickW = d.fonts.measure(d.labelSize, "00:00:00") + d.px(28)
	}
	d.xTicks = timeTicks(d.from, d.to, d.loc, max(d.plot.Dx()/max(tickW, 1), 1))
	_ = vmax
}

// x maps a time to a pixel column (fractional).
func (d *drawing) x(t time.Time) float64 {
	return float64(d.plot.Min.X) + float64(t.Sub(d.from))/float64(d.to.Sub(d.from))*float64(d.plot.Dx())
}

// y maps a value to a pixel row (fractional), clamped to the plot.
func (d *drawing) y(v float64) float64 {
	f := v / d.yAxis.top
	f = math.Max(0, math.Min(1, f))
	return float64(d.plot.Max.Y) - f*float64(d.plot.Dy())
}

// frame draws the title, legend, grid, level lines and labels.
func (d *drawing) frame() {
	th := d.theme
	if d.c.Title != "" {
		d.fonts.draw(d.dst, d.r, d.titleSize, d.titleRow.Min.X, d.titleBase, d.c.Title, th.Text)
	}
	d.legend()
	// Horizontal grid and value labels.
	for _, t := range d.yAxis.ticks {
		yy := int(math.Round(d.y(t.v)))
		if yy > d.plot.Min.Y && yy < d.plot.Max.Y {
			hline(d.dst, d.plot, d.plot.Min.X, d.plot.Max.X, yy, th.Grid, 0)
		}
		w := d.fonts.measure(d.labelSize, t.label)
		ly := yy + d.labelAscent/2 - 1
		ly = max(ly, d.plot.Min.Y+d.labelAscent-d.px(2))
		d.fonts.draw(d.dst, d.r, d.labelSize, d.plot.Min.X-d.px(6)-w, ly, t.label, th.Muted)
	}
	// Vertical grid and time labels, kept inside the chart.
	base := d.plot.Max.Y + d.px(4) + d.labelAscent
	for _, t := range d.xTicks {
		xx := int(math.Round(d.x(time.Unix(int64(t.v), 0))))
		if xx > d.plot.Min.X && xx < d.plot.Max.X {
			vline(d.dst, d.plot, xx, d.plot.Min.Y, d.plot.Max.Y, th.Grid)
		}
		vline(d.dst, d.r, xx, d.plot.Max.Y, d.plot.Max.Y+d.px(4), th.Axis)
		w := d.fonts.measure(d.labelSize, t.label)
		lx := min(max(xx-w/2, d.r.Min.X+d.px(2)), d.r.Max.X-d.px(2)-w)
		d.fonts.draw(d.dst, d.r, d.labelSize, lx, base, t.label, th.Muted)
	}
	// Level lines of percentage charts.
	if d.c.Unit == UnitPercent && !d.empty {
		for _, g := range []struct {
			v float64
			c color.RGBA
		}{{d.grades.Low, th.Mid}, {d.grades.High, th.High}} {
			yy := int(math.Round(d.y(g.v)))
			hline(d.dst, d.plot, d.plot.Min.X, d.plot.Max.X, yy, withAlpha(g.c, 150), d.px(4))
		}
	}
}

// axisLines draws the left and bottom axes over the data.
func (d *drawing) axisLines() {
	hline(d.dst, d.r, d.plot.Min.X, d.plot.Max.X, d.plot.Max.Y, d.theme.Axis, 0)
	vline(d.dst, d.r, d.plot.Min.X, d.plot.Min.Y, d.plot.Max.Y+1, d.theme.Axis)
}

// centered writes msg in the middle of the plot.
func (d *drawing) centered(msg string) {
	w := d.fonts.measure(d.titleSize, msg)
	d.fonts.draw(d.dst, d.r, d.titleSize, d.plot.Min.X+(d.plot.Dx()-w)/2, d.plot.Min.Y+d.plot.Dy()/2, msg, d.theme.Muted)
	d.axisLines()
}
