package views

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Sparkline draws a short series as a line scaled to its own range (or to
// 0–Max when Max is set): the last five minutes of one figure in the
// overview's table.
type Sparkline struct {
	widget.BaseWidget
	Values []float64
	Max    float64 // the top of the scale; 0 scales to the series' peak
	Color  color.Color
}

// NewSparkline returns an empty sparkline.
func NewSparkline() *Sparkline {
	s := &Sparkline{Color: ColorLow}
	s.ExtendBaseWidget(s)
	return s
}

// SetValues shows a new series.
func (s *Sparkline) SetValues(v []float64, top float64, c color.Color) {
	s.Values, s.Max, s.Color = v, top, c
	s.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (s *Sparkline) CreateRenderer() fyne.WidgetRenderer {
	r := canvas.NewRaster(s.draw)
	r.ScaleMode = canvas.ImageScaleFastest
	return &sparkRenderer{s: s, r: r}
}

// draw paints the series into a w×h image: a column per pixel, joined
// vertically to the previous one so a jump stays a line.
func (s *Sparkline) draw(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	vals := s.Values
	if len(vals) < 2 || w < 2 || h < 2 {
		return img
	}
	top := s.Max
	if top <= 0 {
		for _, v := range vals {
			top = math.Max(top, v)
		}
	}
	if top <= 0 {
		top = 1
	}
	y := func(v float64) int {
		return h - 1 - int(math.Round(math.Min(math.Max(v/top, 0), 1)*float64(h-1)))
	}
	prev := y(vals[0])
	for x := 0; x < w; x++ {
		i := x * (len(vals) - 1) / (w - 1)
		cur := y(vals[i])
		lo, hi := min(prev, cur), max(prev, cur)
		for yy := lo; yy <= hi; yy++ {
			img.Set(x, yy, s.Color)
		}
		prev = cur
	}
	return img
}

type sparkRenderer struct {
	s *Sparkline
	r *canvas.Raster
}

func (r *sparkRenderer) Layout(size fyne.Size)        { r.r.Resize(size) }
func (r *sparkRenderer) MinSize() fyne.Size           { return fyne.NewSize(30, 14) }
func (r *sparkRenderer) Refresh()                     { r.r.Refresh() }
func (r *sparkRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.r} }
func (r *sparkRenderer) Destroy()                     {}
