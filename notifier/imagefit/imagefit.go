// Package imagefit makes a chart fit a service's image size limit (WeCom
// takes at most 2 MB of PNG or JPEG): an image within the limit is sent as
// it is; a larger one is re-encoded with the best PNG compression, then
// scaled down step by step (Catmull-Rom, from golang.org/x/image/draw),
// and as a last resort encoded as JPEG. The result is never larger than
// the limit.
package imagefit

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"

	"golang.org/x/image/draw"
)

// Format is an image's encoding.
type Format string

// Formats.
const (
	PNG  Format = "png"
	JPEG Format = "jpeg"
)

// Sniff returns the format of b from its magic bytes ("" if neither).
func Sniff(b []byte) Format {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return JPEG
	}
	return ""
}

// ErrTooSmall is returned when no re-encoding fits the limit.
var ErrTooSmall = errors.New("imagefit: the image cannot be made small enough")

// Fit returns b, or a re-encoded copy of it, of at most limit bytes, and
// its format. b must be a PNG or JPEG.
func Fit(b []byte, limit int) ([]byte, Format, error) {
	f := Sniff(b)
	if f == "" {
		return nil, "", errors.New("imagefit: not a PNG or JPEG image")
	}
	if len(b) <= limit {
		return b, f, nil
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("imagefit: %w", err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	var buf bytes.Buffer
	if f == PNG {
		if err := enc.Encode(&buf, img); err == nil && buf.Len() <= limit {
			return buf.Bytes(), PNG, nil
		}
	}
	size := buf.Len()
	if size == 0 {
		size = len(b)
	}
	cur := img
	for range 8 {
		// Encoded size grows roughly with the pixel count.
		scale := math.Sqrt(float64(limit)/float64(size)) * 0.9
		scale = min(scale, 0.9)
		w := max(1, int(float64(cur.Bounds().Dx())*scale))
		h := max(1, int(float64(cur.Bounds().Dy())*scale))
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
		cur = dst
		buf.Reset()
		if f == PNG {
			if err := enc.Encode(&buf, dst); err != nil {
				return nil, "", fmt.Errorf("imagefit: %w", err)
			}
		} else {
			if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 85}); err != nil {
				return nil, "", fmt.Errorf("imagefit: %w", err)
			}
		}
		if buf.Len() <= limit {
			return buf.Bytes(), f, nil
		}
		// A photo-like chart compresses badly as PNG: try JPEG at this size.
		var jb bytes.Buffer
		if err := jpeg.Encode(&jb, dst, &jpeg.Options{Quality: 85}); err == nil && jb.Len() <= limit {
			return jb.Bytes(), JPEG, nil
		}
		size = buf.Len()
	}
	return nil, "", ErrTooSmall
}
