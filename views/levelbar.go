package views

import (
	"image/color"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// LevelBar shows a percentage as a bar filled in its grade's colour, with a
// label on the left and the value on the right.
type LevelBar struct {
	widget.BaseWidget
	Label  string
	Value  float64 // 0–100
	Detail string  // shown after the value, e.g. the mount point
	Grades entity.Grades
	// Unknown greys the bar out (no data yet, or the host is unreachable).
	Unknown bool
}

// NewLevelBar returns a bar with the default grades.
func NewLevelBar(label string) *LevelBar {
	b := &LevelBar{Label: label, Grades: entity.DefaultGrades, Unknown: true}
	b.ExtendBaseWidget(b)
	return b
}

// SetValue changes the value and redraws.
func (b *LevelBar) SetValue(v float64, detail string, unknown bool) {
	b.Value, b.Detail, b.Unknown = v, detail, unknown
	b.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (b *LevelBar) CreateRenderer() fyne.WidgetRenderer {
	r := &levelBarRenderer{
		bar:   b,
		track: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)),
		fill:  canvas.NewRectangle(ColorLow),
		label: canvas.NewText(b.Label, theme.Color(theme.ColorNameForeground)),
		value: canvas.NewText("", theme.Color(theme.ColorNameForeground)),
	}
	r.track.CornerRadius = 3
	r.fill.CornerRadius = 3
	r.value.Alignment = fyne.TextAlignTrailing
	r.Refresh()
	return r
}

type levelBarRenderer struct {
	bar          *LevelBar
	track, fill  *canvas.Rectangle
	label, value *canvas.Text
}

const barHeight = 6

func (r *levelBarRenderer) Layout(size fyne.Size) {
	textH := r.label.MinSize().Height
	r.label.Move(fyne.NewPos(0, 0))
	r.label.Resize(fyne.NewSize(size.Width/2, textH))
	r.value.Move(fyne.NewPos(size.Width/2, 0))
	r.value.Resize(fyne.NewSize(size.Width/2, textH))
	y := textH + 2
	r.track.Move(fyne.NewPos(0, y))
	r.track.Resize(fyne.NewSize(size.Width, barHeight))
	v := min(max(r.bar.Value, 0), 100)
	if r.bar.Unknown {
		v = 0
	}
	r.fill.Move(fyne.NewPos(0, y))
	r.fill.Resize(fyne.NewSize(size.Width*float32(v/100), barHeight))
}

func (r *levelBarRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.label.MinSize().Width+r.value.MinSize().Width+theme.Padding(),
		r.label.MinSize().Height+2+barHeight)
}

func (r *levelBarRenderer) Refresh() {
	b := r.bar
	fg := theme.Color(theme.ColorNameForeground)
	r.label.Text, r.label.Color = b.Label, fg
	r.label.TextSize = theme.TextSize() * 0.9
	r.value.TextSize = r.label.TextSize
	var c color.Color = LevelColor(b.Grades.Grade(b.Value))
	if b.Unknown {
		r.value.Text = "–"
		c = ColorUnknown
	} else {
		r.value.Text = formatPct(b.Value)
		if b.Detail != "" {
			r.value.Text = b.Detail + "  " + r.value.Text
		}
	}
	r.value.Color = fg
	r.fill.FillColor = c
	r.track.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.Layout(b.Size())
	canvas.Refresh(b)
}

func (r *levelBarRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.fill, r.label, r.value}
}

func (r *levelBarRenderer) Destroy() {}
