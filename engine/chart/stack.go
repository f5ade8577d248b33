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
	titleSize := fixed.Int26_6(math.Round(15 * s * 64))
	labelSize := fixed.Int26_6(math.Round(12 * s * 64))
	pad := int(math.Round(10 * s))
	heights := make([]int, len(panels))
	total := 0
	for i, p := range panels {
		h := p.Height
		if h <= 0 {
			if p.Chart != nil {
				h = int(math.Round(300 * s))
			} else {
				h = pad
				for j := range p.Lines {
					size := labelSize
					if j == 0 {
						size = titleSize
					}
					a, d := fonts.metrics(size)
					h += a + d + int(math.Round(4*s))
				}
				h += pad / 2
			}
		}
		heights[i] = h
		total += h
	}
	img := image.NewRGBA(image.Rect(0, 0, opts.Width, total))
	fillRect(img, img.Rect, th.Background)
	y := 0
	for i, p := range panels {
		r := image.Rect(0, y, opts.Width, y+heights[i])
		y += heights[i]
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

// EncodePNG writes img as PNG with the default (best size-for-speed)
// compression.
func EncodePNG(w io.Writer, img image.Image) error {
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
