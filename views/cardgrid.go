package views

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// cardGrid lays cards out in as many columns as the width holds at
// cardWidth each, stretching them to fill the width; each row is as tall
// as its tallest card.
type cardGrid struct{ width float32 } // the width last laid out

func (*cardGrid) columns(width float32) int {
	p := theme.Padding()
	return max(1, int(math.Floor(float64((width+p)/(cardWidth+p)))))
}

func (g *cardGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	g.width = size.Width
	p := theme.Padding()
	cols := g.columns(size.Width)
	w := (size.Width - p*float32(cols-1)) / float32(cols)
	y := float32(0)
	for i := 0; i < len(objs); i += cols {
		row := objs[i:min(i+cols, len(objs))]
		h := CardSize.Height
		for _, o := range row {
			h = max(h, o.MinSize().Height)
		}
		for j, o := range row {
			o.Move(fyne.NewPos(float32(j)*(w+p), y))
			o.Resize(fyne.NewSize(w, h))
		}
		y += h + p
	}
}

func (g *cardGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.NewSize(0, 0)
	}
	p := theme.Padding()
	cols := g.columns(g.width)
	h := float32(0)
	for i := 0; i < len(objs); i += cols {
		rh := CardSize.Height
		for _, o := range objs[i:min(i+cols, len(objs))] {
			rh = max(rh, o.MinSize().Height)
		}
		h += rh + p
	}
	return fyne.NewSize(cardWidth, h-p)
}
