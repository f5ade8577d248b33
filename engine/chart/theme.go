package chart

import (
	"fmt"
	"image/color"
	"strings"
)

// Theme is the colours of a chart.
type Theme struct {
	Name string
	// Background fills the whole image; Grid, Axis and Text draw the frame.
	Background, Grid, Axis, Text, Muted color.RGBA
	// Low, Mid and High colour bars by level (blue, orange, red).
	Low, Mid, High color.RGBA
	// Palette colours curves, in series order.
	Palette []color.RGBA
}

func rgb(hex uint32) color.RGBA {
	return color.RGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 255}
}

// Light is black text on white, with the seeds' blue, orange and red.
var Light = Theme{
	Name:       "light",
	Background: rgb(0xFFFFFF),
	Grid:       rgb(0xE6E8EC),
	Axis:       rgb(0x9AA0A8),
	Text:       rgb(0x1F2328),
	Muted:      rgb(0x5F6670),
	Low:        rgb(0x2B6CD8),
	Mid:        rgb(0xF59B0B),
	High:       rgb(0xE0342A),
	Palette:    []color.RGBA{rgb(0x1F77B4), rgb(0xFF7F0E), rgb(0x2CA02C), rgb(0xD62728), rgb(0x9467BD), rgb(0x8C564B)},
}

// Dark is light text on a dark grey, with brighter grades.
var Dark = Theme{
	Name:       "dark",
	Background: rgb(0x1C1E22),
	Grid:       rgb(0x33363D),
	Axis:       rgb(0x5D626C),
	Text:       rgb(0xE6E8EC),
	Muted:      rgb(0xA0A6B0),
	Low:        rgb(0x4D90F0),
	Mid:        rgb(0xF5A623),
	High:       rgb(0xF0524A),
	Palette:    []color.RGBA{rgb(0x4DA3F0), rgb(0xFF9F43), rgb(0x52C46B), rgb(0xF06262), rgb(0xB692E6), rgb(0xC9A28F)},
}

// ThemeNamed returns Light or Dark by name ("" is light).
func ThemeNamed(name string) (Theme, error) {
	switch strings.ToLower(name) {
	case "", "light":
		return Light, nil
	case "dark":
		return Dark, nil
	}
	return Theme{}, fmt.Errorf("unknown theme %q (want light or dark)", name)
}

// seriesColor returns the colour of series i.
func (t Theme) seriesColor(i int, s Series) color.RGBA {
	if s.Color.A != 0 {
		return s.Color
	}
	if len(t.Palette) == 0 {
		return t.Low
	}
	return t.Palette[i%len(t.Palette)]
}

func withAlpha(c color.RGBA, a uint8) color.RGBA {
	c.A = uint8(uint32(c.A) * uint32(a) / 255)
	return c
}
