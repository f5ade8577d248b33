package chart

import (
	"image"
	"image/color"
	"math"
	"time"

	"lookout/entity"

	"golang.org/x/image/math/fixed"
)

// Table is a grid drawn as one panel of a stacked image: the report's
// fleet summary, one row per host. A cell holds a line of text and a
// smaller second line, or level-coloured chips (now, average, peak) over a
// sparkline. Stack and Paginate split a table between images by rows,
// repeating its header.
type Table struct {
	Columns []Column
	Rows    [][]Cell
	// Grades colour the sparklines; zero means entity.DefaultGrades.
	Grades entity.Grades
}

// Column is one column of a Table: its header and its share of the width.
type Column struct {
	Header string
	// Weight is the column's share of the width (0 counts as 1).
	Weight float64
}

// Cell is one cell of a Table.
type Cell struct {
	// Text is drawn in the text colour, Sub under it, smaller, in SubLevel's
	// colour when SubGraded is set (a host's state) or muted.
	Text, Sub string
	SubLevel  entity.Level
	SubGraded bool
	// Chips are drawn side by side, each filled with its level's colour.
	Chips []Chip
	// Spark is drawn under the chips as columns coloured by level; SparkMax
	// is the value of a full-height column (0 means 100, for percentages).
	Spark      []entity.Point
	SparkMax   float64
	SparkScale float64 // multiplies values before grading (load per core × 100)
	From, To   time.Time
}

// Chip is one figure of a cell, filled with its level's colour.
type Chip struct {
	Text  string
	Level entity.Level
	// None draws the chip without a fill (no sample).
	None bool
}

// tableMetrics are the sizes of a table at one scale.
type tableMetrics struct {
	text, small       fixed.Int26_6
	pad, line, sLine  int
	spark, headerH    int
	rowH              int
	textAsc, smallAsc int
}

func (t *Table) metrics(fonts *Fonts, s float64) tableMetrics {
	m := tableMetrics{text: fixed.Int26_6(math.Round(11 * s * 64)), small: fixed.Int26_6(math.Round(9.5 * s * 64))}
	m.pad = int(math.Round(4 * s))
	a, d := fonts.metrics(m.text)
	m.textAsc, m.line = a, a+d
	a, d = fonts.metrics(m.small)
	m.smallAsc, m.sLine = a, a+d
	m.spark = int(math.Round(9 * s))
	m.headerH = m.sLine + 2*m.pad
	m.rowH = 2*m.pad + max(m.line+m.sLine, m.line+m.pad+m.spark)
	return m
}

// height is the table's height in pixels.
func (t *Table) height(fonts *Fonts, s float64) int {
	m := t.metrics(fonts, s)
	return m.headerH + len(t.Rows)*m.rowH + m.pad
}

// split returns the table's rows in parts no taller than h (at least one
// row each), each with the header.
func (t *Table) split(fonts *Fonts, s float64, first, h int) []*Table {
	m := t.metrics(fonts, s)
	var parts []*Table
	rows := t.Rows
	room := first
	for len(rows) > 0 {
		n := max(1, (room-m.headerH-m.pad)/m.rowH)
		n = min(n, len(rows))
		p := *t
		p.Rows = rows[:n]
		parts = append(parts, &p)
		rows = rows[n:]
		room = h
	}
	return parts
}

func levelFill(th Theme, l entity.Level) color.RGBA {
	switch l {
	case entity.LevelHigh:
		return th.High
	case entity.LevelMid:
		return th.Mid
	}
	return th.Low
}

// draw draws the table into r.
func (t *Table) draw(img *image.RGBA, r image.Rectangle, th Theme, fonts *Fonts, s float64) {
	m := t.metrics(fonts, s)
	grades := t.Grades
	if grades.High <= 0 {
		grades = entity.DefaultGrades
	}
	outer := int(math.Round(10 * s))
	inner := r
	inner.Min.X += outer
	inner.Max.X -= outer
	var total float64
	for _, c := range t.Columns {
		total += weight(c)
	}
	xs := make([]int, len(t.Columns)+1)
	xs[0] = inner.Min.X
	acc := 0.0
	for i, c := range t.Columns {
		acc += weight(c)
		xs[i+1] = inner.Min.X + int(math.Round(float64(inner.Dx())*acc/total))
	}
	y := r.Min.Y
	for i, c := range t.Columns {
		fonts.draw(img, r, m.small, xs[i]+m.pad, y+m.pad+m.smallAsc, c.Header, th.Muted)
	}
	y += m.headerH
	hline(img, r, inner.Min.X, inner.Max.X, y-1, th.Grid, 0)
	for ri, row := range t.Rows {
		if ri%2 == 1 {
			fillRect(img, image.Rect(inner.Min.X, y, inner.Max.X, y+m.rowH), withAlpha(th.Grid, 110))
		}
		for ci, c := range row {
			if ci >= len(t.Columns) {
				break
			}
			cell := image.Rect(xs[ci]+m.pad, y+m.pad, xs[ci+1]-m.pad, y+m.rowH-m.pad)
			t.drawCell(img, cell, c, th, fonts, m, grades)
		}
		y += m.rowH
	}
}

func weight(c Column) float64 {
	if c.Weight <= 0 {
		return 1
	}
	return c.Weight
}

func (t *Table) drawCell(img *image.RGBA, r image.Rectangle, c Cell, th Theme, fonts *Fonts, m tableMetrics, g entity.Grades) {
	y := r.Min.Y
	if c.Text != "" {
		fonts.draw(img, r, m.text, r.Min.X, y+m.textAsc, ellipsize(fonts, m.text, c.Text, r.Dx()), th.Text)
		y += m.line
	}
	if c.Sub != "" {
		col := th.Muted
		if c.SubGraded {
			col = levelFill(th, c.SubLevel)
			if c.SubLevel == entity.LevelLow {
				col = th.Muted
			}
		}
		fonts.draw(img, r, m.small, r.Min.X, y+m.smallAsc, ellipsize(fonts, m.small, c.Sub, r.Dx()), col)
	}
	if len(c.Chips) > 0 {
		gap := max(1, m.pad/2)
		w := (r.Dx() - gap*(len(c.Chips)-1)) / len(c.Chips)
		for i, ch := range c.Chips {
			cr := image.Rect(r.Min.X+i*(w+gap), y, r.Min.X+i*(w+gap)+w, y+m.line)
			text := th.Muted
			if !ch.None {
				fillRect(img, cr, levelFill(th, ch.Level))
				text = color.RGBA{255, 255, 255, 255}
			} else {
				fillRect(img, cr, th.Grid)
			}
			tw := fonts.measure(m.small, ch.Text)
			fonts.draw(img, cr, m.small, cr.Min.X+(cr.Dx()-tw)/2, cr.Min.Y+(cr.Dy()-m.sLine)/2+m.smallAsc, ch.Text, text)
		}
		y += m.line + m.pad
	}
	if len(c.Spark) > 0 && c.To.After(c.From) {
		sr := image.Rect(r.Min.X, y, r.Max.X, min(r.Max.Y, y+m.spark))
		t.spark(img, sr, c, th, g)
	}
}

// spark draws c's points as columns, each the highest value it covers.
func (t *Table) spark(img *image.RGBA, r image.Rectangle, c Cell, th Theme, g entity.Grades) {
	w := r.Dx()
	if w <= 0 || r.Dy() <= 0 {
		return
	}
	top := c.SparkMax
	if top <= 0 {
		top = 100
	}
	scale := c.SparkScale
	if scale == 0 {
		scale = 1
	}
	cols := make([]float64, w)
	for i := range cols {
		cols[i] = math.NaN()
	}
	span := float64(c.To.Sub(c.From))
	for _, p := range c.Spark {
		if math.IsNaN(p.V) {
			continue
		}
		x := int(float64(p.T.Sub(c.From)) / span * float64(w))
		if x < 0 || x >= w {
			continue
		}
		if math.IsNaN(cols[x]) || p.V > cols[x] {
			cols[x] = p.V
		}
	}
	fillRect(img, r, withAlpha(th.Grid, 160))
	for i, v := range cols {
		if math.IsNaN(v) {
			continue
		}
		h := int(math.Round(math.Min(1, math.Max(0, v/top)) * float64(r.Dy())))
		h = max(h, 1)
		fillRect(img, image.Rect(r.Min.X+i, r.Max.Y-h, r.Min.X+i+1, r.Max.Y), levelFill(th, g.Grade(v*scale)))
	}
}

// ellipsize shortens s with "…" to fit w pixels.
func ellipsize(fonts *Fonts, size fixed.Int26_6, s string, w int) string {
	if fonts.measure(size, s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 {
		rs = rs[:len(rs)-1]
		if t := string(rs) + "…"; fonts.measure(size, t) <= w {
			return t
		}
	}
	return string(rs)
}
