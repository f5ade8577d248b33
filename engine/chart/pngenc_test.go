package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// TestEncodeRGBALossless: what encodeRGBA writes, image/png reads back
// pixel for pixel (odd sizes and sub-images included); an image that is
// not opaque goes through image/png, whose un-premultiplying may round a
// channel by one.
func TestEncodeRGBALossless(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, tt := range []struct {
		name   string
		w, h   int
		opaque bool
		sub    bool
	}{{"opaque", 97, 31, true, false}, {"alpha", 13, 7, false, false}, {"one pixel", 1, 1, true, false}, {"sub-image", 50, 40, true, true}} {
		t.Run(tt.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, tt.w, tt.h))
			for i := range img.Pix {
				img.Pix[i] = byte(rng.IntN(256))
				if i%4 == 3 && tt.opaque {
					img.Pix[i] = 255
				}
			}
			// Premultiplied: colour channels never exceed alpha.
			for i := 0; i < len(img.Pix); i += 4 {
				for c := range 3 {
					img.Pix[i+c] = min(img.Pix[i+c], img.Pix[i+3])
				}
			}
			if tt.sub {
				img = img.SubImage(image.Rect(3, 5, 41, 33)).(*image.RGBA)
			}
			var buf bytes.Buffer
			if err := encodeRGBA(&buf, img); err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			if got.Bounds().Dx() != b.Dx() || got.Bounds().Dy() != b.Dy() {
				t.Fatalf("size %v, want %v", got.Bounds(), b)
			}
			for y := 0; y < b.Dy(); y++ {
				for x := 0; x < b.Dx(); x++ {
					want := img.RGBAAt(b.Min.X+x, b.Min.Y+y)
					c := color.RGBAModel.Convert(got.At(got.Bounds().Min.X+x, got.Bounds().Min.Y+y)).(color.RGBA)
					if !tt.opaque && near(c.R, want.R) && near(c.G, want.G) && near(c.B, want.B) && c.A == want.A {
						continue
					}
					if c != want {
						t.Fatalf("pixel %d,%d = %v, want %v", x, y, c, want)
					}
				}
			}
		})
	}
}

func TestSubBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for n := range 40 {
		a, b, d := make([]byte, n), make([]byte, n), make([]byte, n)
		for i := range a {
			a[i], b[i] = byte(rng.IntN(256)), byte(rng.IntN(256))
		}
		subBytes(d, a, b)
		for i := range d {
			if d[i] != a[i]-b[i] {
				t.Fatalf("n=%d: d[%d] = %d, want %d", n, i, d[i], a[i]-b[i])
			}
		}
	}
}

func near(a, b uint8) bool { return a-b <= 1 || b-a <= 1 }
