package chart

import (
	"image"
	"image/color"
	"math"
)

// The primitives below write straight into image.RGBA's pixel slice: a
// chart is a few rectangles, lines and glyph masks, and going through
// image/draw's generic paths for each costs more than the drawing.

// blendPixel mixes opaque-or-translucent colour c into dst at (x, y) with
// extra coverage a (0–255). dst is treated as opaque.
func blendPixel(dst *image.RGBA, x, y int, c color.RGBA, a uint8) {
	i := dst.PixOffset(x, y)
	// Effective alpha: coverage times the colour's own alpha (c is not
	// premultiplied here: RGB are the full colour, A its opacity).
	ea := uint32(a) * uint32(c.A) / 255
	if ea == 0 {
		return
	}
	p := dst.Pix[i : i+4 : i+4]
	inv := 255 - ea
	p[0] = uint8((uint32(c.R)*ea + uint32(p[0])*inv) / 255)
	p[1] = uint8((uint32(c.G)*ea + uint32(p[1])*inv) / 255)
	p[2] = uint8((uint32(c.B)*ea + uint32(p[2])*inv) / 255)
	p[3] = 255
}

// fillRect paints r (clipped to dst) with c; translucent colours blend.
func fillRect(dst *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	if c.A == 255 {
		row := dst.Pix[dst.PixOffset(r.Min.X, r.Min.Y):]
		w := r.Dx() * 4
		for x := 0; x < w; x += 4 {
			row[x], row[x+1], row[x+2], row[x+3] = c.R, c.G, c.B, 255
		}
		first := row[:w]
		for y := r.Min.Y + 1; y < r.Max.Y; y++ {
			copy(dst.Pix[dst.PixOffset(r.Min.X, y):], first)
		}
		return
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			blendPixel(dst, x, y, c, 255)
		}
	}
}

// hline draws a one-pixel horizontal line from x0 to x1 (exclusive) at y,
// dashed when dash > 0 (dash pixels on, dash off).
func hline(dst *image.RGBA, clip image.Rectangle, x0, x1, y int, c color.RGBA, dash int) {
	clip = clip.Intersect(dst.Rect)
	if y < clip.Min.Y || y >= clip.Max.Y {
		return
	}
	x0, x1 = max(x0, clip.Min.X), min(x1, clip.Max.X)
	for x := x0; x < x1; x++ {
		if dash > 0 && ((x-x0)/dash)%2 == 1 {
			continue
		}
		blendPixel(dst, x, y, c, 255)
	}
}

// vline draws a one-pixel vertical line from y0 to y1 (exclusive) at x.
func vline(dst *image.RGBA, clip image.Rectangle, x, y0, y1 int, c color.RGBA) {
	clip = clip.Intersect(dst.Rect)
	if x < clip.Min.X || x >= clip.Max.X {
		return
	}
	y0, y1 = max(y0, clip.Min.Y), min(y1, clip.Max.Y)
	for y := y0; y < y1; y++ {
		blendPixel(dst, x, y, c, 255)
	}
}

// pt is a point in pixel coordinates (pixel centres at +0.5).
type pt struct{ x, y float64 }

// strokeMask accumulates the anti-aliased coverage of thick lines over a
// rectangle, taking the maximum where strokes overlap, so that a polyline's
// joins are not painted twice. It is then composited once with one colour.
type strokeMask struct {
	r     image.Rectangle
	cov   []uint8
	dirty image.Rectangle
}

func (m *strokeMask) reset(r image.Rectangle) {
	n := r.Dx() * r.Dy()
	if cap(m.cov) < n {
		m.cov = make([]uint8, n)
	} else {
		m.cov = m.cov[:n]
		clear(m.cov)
	}
	m.r, m.dirty = r, image.Rectangle{}
}

// segment adds a line from a to b of the given width with round caps.
func (m *strokeMask) segment(a, b pt, width float64) {
	hw := width / 2
	bb := image.Rect(int(math.Floor(min(a.x, b.x)-hw-1)), int(math.Floor(min(a.y, b.y)-hw-1)),
		int(math.Ceil(max(a.x, b.x)+hw+1)), int(math.Ceil(max(a.y, b.y)+hw+1))).Intersect(m.r)
	if bb.Empty() {
		return
	}
	m.dirty = m.dirty.Union(bb)
	dx, dy := b.x-a.x, b.y-a.y
	l2 := dx*dx + dy*dy
	stride := m.r.Dx()
	for y := bb.Min.Y; y < bb.Max.Y; y++ {
		py := float64(y) + 0.5
		base := (y-m.r.Min.Y)*stride - m.r.Min.X
		for x := bb.Min.X; x < bb.Max.X; x++ {
			px := float64(x) + 0.5
			t := 0.0
			if l2 > 0 {
				t = ((px-a.x)*dx + (py-a.y)*dy) / l2
				t = max(0, min(1, t))
			}
			ex, ey := px-(a.x+t*dx), py-(a.y+t*dy)
			d := math.Sqrt(ex*ex + ey*ey)
			c := hw + 0.5 - d
			if c <= 0 {
				continue
			}
			v := uint8(255)
			if c < 1 {
				v = uint8(c * 255)
			}
			if v > m.cov[base+x] {
				m.cov[base+x] = v
			}
		}
	}
}

// dot adds a filled disc.
func (m *strokeMask) dot(p pt, radius float64) { m.segment(p, p, 2*radius) }

// paint composites the accumulated coverage onto dst in colour c.
func (m *strokeMask) paint(dst *image.RGBA, c color.RGBA) {
	r := m.dirty.Intersect(dst.Rect)
	stride := m.r.Dx()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		base := (y-m.r.Min.Y)*stride - m.r.Min.X
		for x := r.Min.X; x < r.Max.X; x++ {
			if a := m.cov[base+x]; a != 0 {
				blendPixel(dst, x, y, c, a)
			}
		}
	}
}
