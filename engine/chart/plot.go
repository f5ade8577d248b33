package chart

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"time"

	"lookout/entity"

	"lookout/engine"
)

// legendItem is one entry of the legend.
type legendItem struct {
	label string
	color color.RGBA
	line  bool // a curve's short line rather than a bar's square
}

func (d *drawing) legendItems() []legendItem {
	if d.c.NoLegend {
		return nil
	}
	th := d.theme
	if d.c.Kind == KindBars {
		if d.c.Unit == UnitPercent {
			lo, hi := strconv.FormatFloat(d.grades.Low, 'f', -1, 64), strconv.FormatFloat(d.grades.High, 'f', -1, 64)
			return []legendItem{{"≤" + lo + "%", th.Low, false}, {lo + "–" + hi + "%", th.Mid, false}, {"≥" + hi + "%", th.High, false}}
		}
		if len(d.c.Series) == 1 && d.c.Series[0].Name != "" {
			return []legendItem{{d.c.Series[0].Name, th.seriesColor(0, d.c.Series[0]), false}}
		}
		return nil
	}
	if len(d.c.Series) == 1 && d.c.Series[0].Name == "" {
		return nil
	}
	items := make([]legendItem, 0, len(d.c.Series))
	for i, s := range d.c.Series {
		label := s.Name
		if v, ok := lastValue(s.Points); ok {
			label += " " + formatValue(d.c.Unit, v)
		}
		items = append(items, legendItem{label, th.seriesColor(i, s), true})
	}
	return items
}

// lastValue returns the newest value that is not a gap.
func lastValue(pts []entity.Point) (float64, bool) {
	for i := len(pts) - 1; i >= 0; i-- {
		if !math.IsNaN(pts[i].V) {
			return pts[i].V, true
		}
	}
	return 0, false
}

func (d *drawing) swatchW(it legendItem) int {
	if it.line {
		return d.px(16)
	}
	return d.px(10)
}

func (d *drawing) legendWidth() int {
	items := d.legendItems()
	w := 0
	for i, it := range items {
		if i > 0 {
			w += d.px(14)
		}
		w += d.swatchW(it) + d.px(5) + d.fonts.measure(d.labelSize, it.label)
	}
	return w
}

// legend draws the legend right-aligned in its row.
func (d *drawing) legend() {
	items := d.legendItems()
	if len(items) == 0 || d.legendRow.Empty() {
		return
	}
	x := max(d.legendRow.Max.X-d.legendWidth(), d.legendRow.Min.X)
	if d.legendRow == d.titleRow && d.c.Title != "" {
		x = max(x, d.legendRow.Min.X+d.fonts.measure(d.titleSize, d.c.Title)+d.px(24))
	}
	ascent, descent := d.fonts.metrics(d.labelSize)
	base := d.legendRow.Min.Y + (d.legendRow.Dy()-(ascent+descent))/2 + ascent
	if d.legendRow == d.titleRow {
		base = d.titleBase
	}
	mid := base - ascent*2/5
	for _, it := range items {
		sw := d.swatchW(it)
		if it.line {
			fillRect(d.dst, image.Rect(x, mid-d.px(1), x+sw, mid-d.px(1)+max(d.px(2.5), 2)), it.color)
		} else {
			h := d.px(10)
			fillRect(d.dst, image.Rect(x, mid-h/2, x+sw, mid-h/2+h), it.color)
		}
		x += sw + d.px(5)
		x = d.fonts.draw(d.dst, d.r, d.labelSize, x, base, it.label, d.theme.Text)
		x += d.px(14)
	}
}

// bars draws s as vertical bars. Each point covers the time from its own
// until the next point (or one typical step when the next is more than
// five steps away, which shows the silence as a gap), and each pixel column
// shows the highest value among the points that cover it, coloured by that
// value's level: a day at one second draws in one pass over the points,
// with every peak kept. Gaps (NaN, or no point) leave columns empty.
func (d *drawing) bars(s Series) {
	w := d.plot.Dx()
	step := d.step
	cols, owner := barColumns(s.Points, d.from, d.to, w, step)
	// Bars wider than a few pixels get a one-pixel gutter on their right,
	// so neighbours stay distinct, as matplotlib's vlines look.
	stepPx := float64(step) / float64(d.to.Sub(d.from)) * float64(w)
	gutter := stepPx >= 4
	colour := d.theme.seriesColor(0, s)
	baseY := d.plot.Max.Y
	for c := 0; c < w; c++ {
		v := cols[c]
		if math.IsNaN(v) {
			continue
		}
		if gutter && c+1 < w && owner[c+1] != owner[c] && !math.IsNaN(cols[c+1]) {
			// The last column of a bar with a neighbour on its right.
			continue
		}
		col := colour
		if d.c.Unit == UnitPercent {
			col = d.levelColor(v)
		}
		top := d.y(v)
		ti := int(math.Floor(top))
		x := d.plot.Min.X + c
		if ti < baseY {
			fillRect(d.dst, image.Rect(x, ti+1, x+1, baseY), col)
			// Anti-aliased top pixel.
			frac := float64(ti+1) - top
			if frac > 0 {
				blendPixel(d.dst, x, ti, col, uint8(frac*255))
			}
		}
		if v > 0 && ti >= baseY-1 {
			// A non-zero value is always at least one pixel tall.
			fillRect(d.dst, image.Rect(x, baseY-1, x+1, baseY), col)
		}
	}
}

func (d *drawing) levelColor(v float64) color.RGBA {
	switch d.grades.Grade(v) {
	case entity.LevelHigh:
		return d.theme.High
	case entity.LevelMid:
		return d.theme.Mid
	}
	return d.theme.Low
}

// curve draws series i as lines: each run between gaps is smoothed with
// the monotone spline where points are sparse (a few pixels apart or
// more), or drawn through its per-column minima and maxima where they are
// dense. fill shades the area under it.
func (d *drawing) curve(i int, s Series, fill bool) {
	colour := d.theme.seriesColor(i, s)
	step := typicalStep(s.Points)
	maxGap := time.Duration(0)
	if step > 0 {
		maxGap = 3 * step
	}
	var m strokeMask
	m.reset(d.plot.Inset(-d.px(3)).Intersect(d.r))
	width := math.Max(2*d.s, 1.5)
	for _, run := range Runs(s.Points, maxGap) {
		spanPx := d.x(run[len(run)-1].T) - d.x(run[0].T)
		var line []entity.Point
		switch {
		case len(run) == 1:
			m.dot(pt{d.x(run[0].T), d.y(run[0].V)}, width)
			continue
		case len(run) >= 3 && float64(len(run)) <= spanPx/3:
			line = Smooth(run, min(max(int(spanPx/2), len(run)), 4000))
		default:
			line = engine.Downsample(run, max(int(spanPx)*2, 2))
		}
		ps := make([]pt, len(line))
		for k, p := range line {
			ps[k] = pt{d.x(p.T), d.y(p.V)}
		}
		if fill {
			d.fillUnder(ps, withAlpha(colour, 40))
		}
		for k := 1; k < len(ps); k++ {
			m.segment(ps[k-1], ps[k], width)
		}
	}
	m.paint(d.dst, colour)
}

// fillUnder shades the plot between the polyline and the baseline.
func (d *drawing) fillUnder(ps []pt, c color.RGBA) {
	for k := 1; k < len(ps); k++ {
		a, b := ps[k-1], ps[k]
		x0 := int(math.Ceil(a.x - 0.5))
		x1 := int(math.Ceil(b.x - 0.5))
		for x := max(x0, d.plot.Min.X); x < min(x1, d.plot.Max.X); x++ {
			t := (float64(x) + 0.5 - a.x) / (b.x - a.x)
			yy := int(math.Round(a.y + t*(b.y-a.y)))
			for y := max(yy, d.plot.Min.Y); y < d.plot.Max.Y; y++ {
				blendPixel(d.dst, x, y, c, 255)
			}
		}
	}
}

// barColumns returns, for each of w pixel columns spanning from..to, the
// highest value among the points covering it (NaN for none) and the index
// of that point.
func barColumns(pts []entity.Point, from, to time.Time, w int, step time.Duration) ([]float64, []int32) {
	cols := make([]float64, w)
	owner := make([]int32, w)
	for i := range cols {
		cols[i] = math.NaN()
	}
	span := float64(to.Sub(from))
	col := func(t time.Time) float64 { return float64(t.Sub(from)) / span * float64(w) }
	for i, p := range pts {
		if math.IsNaN(p.V) {
			continue
		}
		// A point lasts until the next one, unless the silence is long
		// enough to be a gap (the daemon was down): then one step.
		end := p.T.Add(step)
		if i+1 < len(pts) {
			if next := pts[i+1].T; next.Before(end) || next.Sub(p.T) <= 5*step {
				end = next
			}
		}
		a := int(math.Floor(col(p.T)))
		b := int(math.Floor(col(end)))
		if b <= a {
			b = a + 1
		}
		a, b = max(a, 0), min(b, w)
		for c := a; c < b; c++ {
			if math.IsNaN(cols[c]) || p.V > cols[c] {
				cols[c], owner[c] = p.V, int32(i)
			}
		}
	}
	return cols, owner
}
