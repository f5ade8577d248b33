package chart

import (
	"bytes"
	"image/png"
	"io"
	"math"
	"testing"
	"time"

	"lookout/entity"
)

func benchSeries(n int, step time.Duration) []entity.Point {
	pts := make([]entity.Point, n)
	for i := range pts {
		pts[i] = entity.Point{T: t0.Add(time.Duration(i) * step),
			V: 40 + 30*math.Sin(float64(i)/float64(n)*20) + 15*math.Sin(float64(i)*0.7)}
	}
	return pts
}

// BenchmarkReportChart6h is the seeds' six-hour report figure: CPU and
// memory panels of 2160 points at 10 s, one 900×400 PNG, encoding included.
func BenchmarkReportChart6h(b *testing.B) {
	fonts := DefaultFonts()
	cpu, mem := benchSeries(2160, 10*time.Second), benchSeries(2160, 10*time.Second)
	panels := []Panel{
		{Chart: &Chart{Title: "web-01 · CPU", Series: []Series{{Name: "CPU", Points: cpu}}}, Height: 200},
		{Chart: &Chart{Title: "web-01 · 内存", Series: []Series{{Name: "内存", Points: mem}}}, Height: 200},
	}
	b.ReportAllocs()
	for b.Loop() {
		img, err := Stack(panels, StackOptions{Width: 900, Fonts: fonts})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := PNG(img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBarsDay1s is a day at one second (86 400 points) as one
// 900×400 bar chart PNG.
func BenchmarkBarsDay1s(b *testing.B) {
	benchRender(b, KindBars, benchSeries(86400, time.Second))
}

// BenchmarkBars6h10s is six hours at 10 s as one 900×400 bar chart PNG,
// for comparison with the day at 1 s.
func BenchmarkBars6h10s(b *testing.B) {
	benchRender(b, KindBars, benchSeries(2160, 10*time.Second))
}

// BenchmarkCurveDay1s draws a day at one second as a curve (dense: drawn
// through per-column minima and maxima).
func BenchmarkCurveDay1s(b *testing.B) {
	benchRender(b, KindSmooth, benchSeries(86400, time.Second))
}

// BenchmarkAlertChart5m is the alert figure: 30 points smoothed, 900×400.
func BenchmarkAlertChart5m(b *testing.B) {
	benchRender(b, KindSmooth, benchSeries(30, 10*time.Second))
}

func benchRender(b *testing.B, k Kind, pts []entity.Point) {
	c := Chart{Title: "benchmark 基准", Kind: k, Series: []Series{{Name: "CPU", Points: pts}}, Fonts: DefaultFonts()}
	b.ReportAllocs()
	for b.Loop() {
		img, err := c.Render(900, 400)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := PNG(img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSmooth30to300 is the seeds' smoothing: 30 points to 300.
func BenchmarkSmooth30to300(b *testing.B) {
	pts := benchSeries(30, 10*time.Second)
	b.ReportAllocs()
	for b.Loop() {
		Smooth(pts, 300)
	}
}

// BenchmarkRenderNoPNG is the window's cost per frame: the 900×400 bar
// chart of six hours, drawn into a reused image without encoding.
func BenchmarkRenderNoPNG(b *testing.B) {
	c := Chart{Title: "web-01 · CPU", Series: []Series{{Name: "CPU", Points: benchSeries(2160, 10*time.Second)}}, Fonts: DefaultFonts()}
	img, _ := c.Render(900, 400)
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Draw(img, img.Rect); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodePNG encodes the six-hour report figure (two panels,
// 900×400) with image/png at its default level (what EncodePNG used) and
// with encodeRGBA (what it uses), in the same run so the ratio holds on a
// busy machine.
func BenchmarkEncodePNG(b *testing.B) {
	fonts := DefaultFonts()
	cpu, mem := benchSeries(2160, 10*time.Second), benchSeries(2160, 10*time.Second)
	img, err := Stack([]Panel{
		{Chart: &Chart{Title: "web-01 · CPU", Series: []Series{{Name: "CPU", Points: cpu}}}, Height: 200},
		{Chart: &Chart{Title: "web-01 · 内存", Series: []Series{{Name: "内存", Points: mem}}}, Height: 200},
	}, StackOptions{Width: 900, Fonts: fonts})
	if err != nil {
		b.Fatal(err)
	}
	for _, enc := range []struct {
		name string
		f    func(io.Writer) error
	}{
		{"image-png", func(w io.Writer) error { return (&png.Encoder{BufferPool: pool}).Encode(w, img) }},
		{"fast", func(w io.Writer) error { return encodeRGBA(w, img) }},
	} {
		b.Run(enc.name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := enc.f(&buf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
		})
	}
}
