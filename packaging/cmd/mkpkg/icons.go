package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"golang.org/x/image/draw"
)

// iconSizes are the hicolor sizes desktops look up.
var iconSizes = []int{16, 22, 24, 32, 48, 64, 128, 256}

// icons scales FyneApp.toml's icon to the hicolor theme's sizes.
func (b *builder) icons() ([]file, error) {
	raw, err := b.read(b.app.Details.Icon)
	if err != nil {
		return nil, err
	}
	src, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.app.Details.Icon, err)
	}
	var out []file
	for _, n := range iconSizes {
		if n > src.Bounds().Dx() {
			continue
		}
		dst := image.NewNRGBA(image.Rect(0, 0, n, n))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		var buf bytes.Buffer
		if err := png.Encode(&buf, dst); err != nil {
			return nil, err
		}
		out = append(out, file{Dst: fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/%s.png", n, n, b.app.Details.ID),
			Mode: 0o644, Data: buf.Bytes()})
	}
	return out, nil
}
