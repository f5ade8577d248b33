package views

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lookout/entity"
	"lookout/internal/human"
	"lookout/internal/i18n"
)

// The table's columns, in order, and their widths; the error takes what
// is left.
var rowColumns = []struct {
	key   SortKey
	width float32
}{
	{"", 12}, {SortName, 120}, {SortState, 84},
	{SortCPU, 66}, {SortMem, 66}, {SortSwap, 66}, {SortDisk, 66}, {SortLoad, 66}, {SortNet, 96},
	{SortPoll, 72},
}

// rowFigures are the metrics of the figure columns, in order.
var rowFigures = []entity.Metric{entity.MetricCPU, entity.MetricMem, entity.MetricSwap, entity.MetricDiskMax,
	entity.MetricLoadPerCore, entity.MetricNetRx}

// HostRow is one host in the overview's table: state dot, name, state,
// CPU, memory, swap, fullest disk, load per core and network, each with
// its value coloured by grade and a sparkline of the last minutes, the
// age of the last poll and the error.
type HostRow struct {
	widget.BaseWidget
	view   HostView
	lang   i18n.Lang
	grades entity.Grades
	now    func() time.Time
	header bool // shows the column names
	// OnTapped, when set, is called with the host's name when tapped.
	OnTapped func(host string)
}

// NewHostRow returns an empty row.
func NewHostRow(lang i18n.Lang, g entity.Grades) *HostRow {
	r := &HostRow{lang: lang, grades: g, now: time.Now}
	r.ExtendBaseWidget(r)
	return r
}

// SetView shows a host in the row.
func (r *HostRow) SetView(v HostView) {
	r.view = v
	r.Refresh()
}

// View returns what the row shows.
func (r *HostRow) View() HostView { return r.view }

// Tapped implements fyne.Tappable.
func (r *HostRow) Tapped(*fyne.PointEvent) {
	if r.OnTapped != nil && r.view.Name != "" {
		r.OnTapped(r.view.Name)
	}
}

// CreateRenderer implements fyne.Widget.
func (r *HostRow) CreateRenderer() fyne.WidgetRenderer {
	rr := &hostRowRenderer{row: r, dot: canvas.NewCircle(ColorUnknown)}
	text := func() *canvas.Text {
		t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		t.TextSize = theme.TextSize() * 0.9
		return t
	}
	rr.name, rr.state, rr.poll, rr.err = text(), text(), text(), text()
	rr.name.TextStyle.Bold = true
	for range rowFigures {
		rr.values = append(rr.values, text())
		rr.sparks = append(rr.sparks, NewSparkline())
	}
	rr.Refresh()
	return rr
}

type hostRowRenderer struct {
	row                    *HostRow
	dot                    *canvas.Circle
	name, state, poll, err *canvas.Text
	values                 []*canvas.Text
	sparks                 []*Sparkline
	// errText is the whole error; the cell shows as much as fits, ending
	// in "…", and tapping the row opens the detail, which shows it all.
	errText string
}

// rowHeight is one line of table text with a little room.
func rowHeight() float32 { return theme.TextSize()*0.9*1.4 + theme.Padding() }

func (r *hostRowRenderer) Layout(size fyne.Size) {
	p := theme.Padding()
	h := size.Height
	x := p
	place := func(o fyne.CanvasObject, w, oh float32) {
		o.Move(fyne.NewPos(x, (h-oh)/2))
		o.Resize(fyne.NewSize(w, oh))
	}
	th := r.name.MinSize().Height
	fig := 0
	for _, c := range rowColumns {
		switch c.key {
		case "":
			d := th * 0.55
			place(r.dot, d, d)
		case SortName:
			place(r.name, c.width, th)
		case SortState:
			place(r.state, c.width, th)
		case SortPoll:
			place(r.poll, c.width, th)
		default:
			tw := c.width - 30 - p
			if r.row.header {
				tw = c.width
			}
			place(r.values[fig], tw, th)
			x += tw + p/2
			place(r.sparks[fig], 30, th*0.8)
			x -= tw + p/2
			fig++
		}
		x += c.width + p
	}
	ew := max(size.Width-x-p, 0)
	if text := ellipsize(r.errText, ew, r.err.TextSize, r.err.TextStyle); text != r.err.Text {
		r.err.Text = text
		r.err.Refresh()
	}
	place(r.err, ew, th)
}

func (r *hostRowRenderer) MinSize() fyne.Size {
	w := theme.Padding()
	for _, c := range rowColumns {
		w += c.width + theme.Padding()
	}
	return fyne.NewSize(w, rowHeight())
}

func (r *hostRowRenderer) Refresh() {
	row := r.row
	v, lang := row.view, row.lang
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	fg := theme.Color(theme.ColorNameForeground)
	r.dot.FillColor = StateColor(v)
	r.name.Text, r.name.Color = v.Name, fg
	r.state.Text, r.state.Color = StateText(v, lang), StateColor(v)
	unknown := !v.HasData || v.State == entity.StateUnreachable || v.State == entity.StateUntrusted || v.State == entity.StateKeyChanged
	pct := func(x float64) string { return fmt.Sprintf("%.0f %%", x) }
	figures := []struct {
		text  string
		grade bool
		value float64
		top   float64
	}{
		{pct(v.CPU), true, v.CPU, 100}, {pct(v.Mem), true, v.Mem, 100}, {pct(v.Swap), true, v.Swap, 100},
		{pct(v.Disk), true, v.Disk, 100}, {fmt.Sprintf("%.2f", loadPerCore(v)), false, 0, 0},
		{human.Rate(v.RxPerS + v.TxPerS), false, 0, 0},
	}
	if v.NoLoad {
		figures[4].text = "–" // Windows keeps no load average
	}
	for i, f := range figures {
		var c color.Color = fg
		if f.grade && !unknown {
			c = LevelColor(row.grades.Grade(f.value))
		}
		text := f.text
		if unknown {
			text, c = "–", theme.Color(theme.ColorNamePlaceHolder)
		}
		r.values[i].Text, r.values[i].Color = text, c
		sc := c
		if !f.grade {
			sc = ColorLow
		}
		r.sparks[i].SetValues(v.Spark[rowFigures[i]], f.top, sc)
	}
	r.poll.Text, r.poll.Color = age(v.LastPoll, row.now(), lang), theme.Color(theme.ColorNamePlaceHolder)
	r.errText, r.err.Color = hostMessage(v, lang), theme.Color(theme.ColorNameError)
	if row.header {
		r.dot.FillColor = color.Transparent
		r.name.Text, r.state.Text, r.poll.Text, r.errText = t("Name"), t("State"), t("Last poll"), t("Error")
		r.state.Color, r.poll.Color, r.err.Color = fg, fg, fg
		for i, k := range []string{"CPU", "Memory", "Swap", "Disk", "Load", "Network"} {
			r.values[i].Text, r.values[i].Color = t(k), fg
			r.sparks[i].SetValues(nil, 0, fg)
		}
	}
	for _, o := range []*canvas.Text{r.name, r.state, r.poll, r.err} {
		o.TextSize = theme.TextSize() * 0.9
		o.Refresh()
	}
	for _, o := range r.values {
		o.TextSize = theme.TextSize() * 0.9
		o.Refresh()
	}
	r.dot.Refresh()
	r.Layout(row.Size())
}

func (r *hostRowRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.dot, r.name, r.state}
	for i := range r.values {
		objs = append(objs, r.values[i], r.sparks[i])
	}
	return append(objs, r.poll, r.err)
}

func (r *hostRowRenderer) Destroy() {}

// age says how long ago the last poll was: "never", "just now", "3 s ago".
func age(last, now time.Time, lang i18n.Lang) string {
	if last.IsZero() {
		return i18n.T(lang, "never")
	}
	d := now.Sub(last)
	if d < time.Second {
		return i18n.T(lang, "just now")
	}
	return i18n.T(lang, "%s ago", i18n.Duration(lang, d))
}
