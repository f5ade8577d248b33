package views

import (
	"image/color"

	"lookout/entity"
)

// Level colours: the seeds' matplotlib blue, orange and red, and grey for
// a host that cannot be read.
var (
	ColorLow     = color.NRGBA{0x1f, 0x77, 0xb4, 0xff}
	ColorMid     = color.NRGBA{0xff, 0x7f, 0x0e, 0xff}
	ColorHigh    = color.NRGBA{0xd6, 0x27, 0x28, 0xff}
	ColorUnknown = color.NRGBA{0x7f, 0x7f, 0x7f, 0xff}
)

// LevelColor returns the colour of a grade.
func LevelColor(l entity.Level) color.Color {
	switch l {
	case entity.LevelMid:
		return ColorMid
	case entity.LevelHigh:
		return ColorHigh
	}
	return ColorLow
}
