// Command gen draws Lookout's icons into assets/: the application icon and
// one tray icon per state. Run it with `go generate ./assets`.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"

	"golang.org/x/image/vector"
)

// State colours: the seeds' grades (blue, orange, red), grey for a host
// that cannot be read and muted purple for alerts held by a silence or a
// snooze.
var states = map[string]color.RGBA{
	"ok":          {0x1f, 0x77, 0xb4, 0xff},
	"warning":     {0xff, 0x7f, 0x0e, 0xff},
	"critical":    {0xd6, 0x27, 0x28, 0xff},
	"unreachable": {0x7f, 0x7f, 0x7f, 0xff},
	"silenced":    {0x94, 0x67, 0xbd, 0xff},
}

// paused is the colour of the paused tray icon, which shows a pause sign
// instead of the pulse: nothing is being measured.
var paused = color.RGBA{0x5f, 0x6b, 0x78, 0xff}

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	write(filepath.Join(dir, "icon.png"), icon(256, color.RGBA{0x1f, 0x77, 0xb4, 0xff}, true))
	for name, c := range states {
		write(filepath.Join(dir, "tray-"+name+".png"), icon(64, c, false))
	}
	write(filepath.Join(dir, "tray-paused.png"), pauseIcon(64, paused))
}

// pauseIcon draws a round icon in colour c with two white bars: polling
// is paused.
func pauseIcon(size int, c color.RGBA) *image.RGBA {
	s := float32(size)
	r := vector.NewRasterizer(size, size)
	roundRect(r, 0, 0, s, s, s*0.5)
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	r.Draw(img, img.Bounds(), image.NewUniform(c), image.Point{})
	w := s * 0.12
	for _, x := range []float32{0.38, 0.62} {
		thickLine(img, x*s, 0.30*s, x*s, 0.70*s, w)
	}
	return img
}

// icon draws a rounded square in colour c with a white pulse line across
// it: a heartbeat monitor.
func icon(size int, c color.RGBA, app bool) *image.RGBA {
	s := float32(size)
	r := vector.NewRasterizer(size, size)
	rad := s * 0.22
	if !app {
		rad = s * 0.5 // round for the tray
	}
	roundRect(r, 0, 0, s, s, rad)
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	r.Draw(img, img.Bounds(), image.NewUniform(c), image.Point{})

	// The pulse: flat, up, down, up, flat.
	pts := [][2]float32{{0.12, 0.55}, {0.34, 0.55}, {0.44, 0.25}, {0.56, 0.80}, {0.66, 0.45}, {0.72, 0.55}, {0.88, 0.55}}
	w := s * 0.085
	for i := 0; i+1 < len(pts); i++ {
		thickLine(img, pts[i][0]*s, pts[i][1]*s, pts[i+1][0]*s, pts[i+1][1]*s, w)
	}
	return img
}

func roundRect(r *vector.Rasterizer, x0, y0, x1, y1, rad float32) {
	const k = 0.5523 // circle approximation by cubic Béziers
	r.MoveTo(x0+rad, y0)
	r.LineTo(x1-rad, y0)
	r.CubeTo(x1-rad+rad*k, y0, x1, y0+rad-rad*k, x1, y0+rad)
	r.LineTo(x1, y1-rad)
	r.CubeTo(x1, y1-rad+rad*k, x1-rad+rad*k, y1, x1-rad, y1)
	r.LineTo(x0+rad, y1)
	r.CubeTo(x0+rad-rad*k, y1, x0, y1-rad+rad*k, x0, y1-rad)
	r.LineTo(x0, y0+rad)
	r.CubeTo(x0, y0+rad-rad*k, x0+rad-rad*k, y0, x0+rad, y0)
	r.ClosePath()
}

// thickLine paints a white segment of width w with round ends onto img.
// Each shape is rasterised on its own so that overlaps add up instead of
// cancelling out.
func thickLine(img *image.RGBA, x0, y0, x1, y1, w float32) {
	b := img.Bounds()
	paint := func(shape func(r *vector.Rasterizer)) {
		r := vector.NewRasterizer(b.Dx(), b.Dy())
		shape(r)
		r.Draw(img, b, image.NewUniform(color.White), image.Point{})
	}
	dx, dy := x1-x0, y1-y0
	l := float32(math.Hypot(float64(dx), float64(dy)))
	nx, ny := -dy/l*w/2, dx/l*w/2
	paint(func(r *vector.Rasterizer) {
		r.MoveTo(x0+nx, y0+ny)
		r.LineTo(x1+nx, y1+ny)
		r.LineTo(x1-nx, y1-ny)
		r.LineTo(x0-nx, y0-ny)
		r.ClosePath()
	})
	paint(func(r *vector.Rasterizer) { disc(r, x0, y0, w/2) })
	paint(func(r *vector.Rasterizer) { disc(r, x1, y1, w/2) })
}

func disc(r *vector.Rasterizer, cx, cy, rad float32) {
	const n = 16
	for i := 0; i <= n; i++ {
		a := float64(i) / n * 2 * math.Pi
		x, y := cx+rad*float32(math.Cos(a)), cy+rad*float32(math.Sin(a))
		if i == 0 {
			r.MoveTo(x, y)
		} else {
			r.LineTo(x, y)
		}
	}
	r.ClosePath()
}

func write(name string, img image.Image) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
}
