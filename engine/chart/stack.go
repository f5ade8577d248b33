package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/math/fixed"
)

// Panel is one band of a stacked image: a chart, or lines of text (a
// heading and figures) when Chart is nil.
type Panel struct {
	Chart *Chart
	// Table, when set (and Chart is not), is drawn instead of Lines.
	Table *Table
	// Lines are drawn when Chart is nil: the first in the title size, the
	// others in the label size.
	Lines []string
	// Height in pixels; 0 means 300 × scale for a chart, and the lines'
	// own height for text.
	Height int
}

// StackOptions are the shared look of a stacked image.
type StackOptions struct {
	Width int
	Theme *Theme
	Scale float64
	Fonts *Fonts
}

// Stack draws panels one under the other into one image of opts.Width:
// the report's several charts per host. Each chart takes opts' theme,
// scale and fonts unless it sets its own.
func Stack(panels []Panel, opts StackOptions) (*image.RGBA, error) {
	if len(panels) == 0 {
		return nil, errors.New("chart: nothing to stack")
	}
	if opts.Width < MinWidth {
		return nil, fmt.Errorf("%w: width %d", ErrTooSmall, opts.Width)
	}
	th := Light
	if opts.Theme != nil {
		th = *opts.Theme
	}
	s := opts.Scale
	if s <= 0 {
		s = 1
	}
	fonts := opts.Fonts
	if fonts == nil {
		fonts = DefaultFonts()
	}
	titleSize, labelSize, pad := textSizes(s)
	heights := make([]int, len(panels))
	total := 0
	for i, p := range panels {
		heights[i] = panelHeight(p, fonts, s)
		total += heights[i]
	}
	img := image.NewRGBA(image.Rect(0, 0, opts.Width, total))
	fillRect(img, img.Rect, th.Background)
	y := 0
	for i, p := range panels {
		r := image.Rect(0, y, opts.Width, y+heights[i])
		y += heights[i]
		if p.Chart == nil && p.Table != nil {
			p.Table.draw(img, r, th, fonts, s)
			continue
		}
		if p.Chart == nil {
			ly := r.Min.Y + pad
			for j, line := range p.Lines {
				size, c := labelSize, th.Muted
				if j == 0 {
					size, c = titleSize, th.Text
				}
				a, d := fonts.metrics(size)
				fonts.draw(img, r, size, r.Min.X+pad, ly+a, line, c)
				ly += a + d + int(math.Round(4*s))
			}
			continue
		}
		c := *p.Chart
		if c.Theme == nil {
			c.Theme = &th
		}
		if c.Scale == 0 {
			c.Scale = s
		}
		if c.Fonts == nil {
			c.Fonts = fonts
		}
		if err := c.Draw(img, r); err != nil {
			return nil, fmt.Errorf("panel %d: %w", i+1, err)
		}
	}
	return img, nil
}

func textSizes(s float64) (title, label fixed.Int26_6, pad int) {
	return fixed.Int26_6(math.Round(15 * s * 64)), fixed.Int26_6(math.Round(12 * s * 64)), int(math.Round(10 * s))
}

// panelHeight is p's height in pixels at scale s.
func panelHeight(p Panel, fonts *Fonts, s float64) int {
	if p.Height > 0 {
		return p.Height
	}
	switch {
	case p.Chart != nil:
		return int(math.Round(300 * s))
	case p.Table != nil:
		return p.Table.height(fonts, s)
	}
	titleSize, labelSize, pad := textSizes(s)
	h := pad
	for j := range p.Lines {
		size := labelSize
		if j == 0 {
			size = titleSize
		}
		a, d := fonts.metrics(size)
		h += a + d + int(math.Round(4*s))
	}
	return h + pad/2
}

// Paginate splits panels into pages that Stack draws no taller than
// maxHeight each (a panel taller than that alone is a page of its own; a
// table is split by rows, its header repeated). Each page after the first
// starts with the panels of head (a heading saying which part it is),
// which head returns for page i (from 1) of n.
func Paginate(panels []Panel, opts StackOptions, maxHeight int, head func(i, n int) []Panel) [][]Panel {
	fonts := opts.Fonts
	if fonts == nil {
		fonts = DefaultFonts()
	}
	s := opts.Scale
	if s <= 0 {
		s = 1
	}
	headH := 0
	if head != nil {
		for _, p := range head(2, 2) {
			headH += panelHeight(p, fonts, s)
		}
	}
	var pages [][]Panel
	var cur []Panel
	used := 0
	flush := func() {
		if len(cur) > 0 {
			pages = append(pages, cur)
		}
		cur, used = nil, headH
	}
	for _, p := range panels {
		h := panelHeight(p, fonts, s)
		if p.Table != nil && p.Height <= 0 && used+h > maxHeight {
			if m := p.Table.metrics(fonts, s); maxHeight-used < m.headerH+m.rowH+m.pad && len(cur) > 0 {
				flush()
			}
			for i, part := range p.Table.split(fonts, s, maxHeight-used, maxHeight-headH) {
				if i > 0 {
					flush()
				}
				q := p
				q.Table = part
				cur = append(cur, q)
				used += panelHeight(q, fonts, s)
			}
			continue
		}
		if used+h > maxHeight && len(cur) > 0 {
			flush()
		}
		cur = append(cur, p)
		used += h
	}
	flush()
	if head != nil && len(pages) > 1 {
		for i := 1; i < len(pages); i++ {
			pages[i] = append(head(i+1, len(pages)), pages[i]...)
		}
	}
	return pages
}

// EncodePNG writes img as PNG: a chart (*image.RGBA) by encodeRGBA, fast,
// anything else by image/png with its default compression.
func EncodePNG(w io.Writer, img image.Image) error {
	if rgba, ok := img.(*image.RGBA); ok {
		return encodeRGBA(w, rgba)
	}
	enc := png.Encoder{CompressionLevel: png.DefaultCompression, BufferPool: pool}
	return enc.Encode(w, img)
}

// PNG returns img encoded as PNG.
func PNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := EncodePNG(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type bufferPool struct{ ch chan *png.EncoderBuffer }

func (p bufferPool) Get() *png.EncoderBuffer {
	select {
	case b := <-p.ch:
		return b
	default:
		return nil
	}
}

func (p bufferPool) Put(b *png.EncoderBuffer) {
	select {
	case p.ch <- b:
	default:
	}
}

// pool reuses the PNG encoder's buffers between charts.
var pool = bufferPool{ch: make(chan *png.EncoderBuffer, 4)}
