package views

import (
	"fmt"
	"strings"
	"time"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lookout/internal/human"
	"lookout/internal/i18n"
)

// HostCard is one host on the overview: its name and state colour, CPU,
// memory, swap and fullest disk as level bars, load, network rates, the
// age of the last poll and the last error.
type HostCard struct {
	widget.BaseWidget
	view   HostView
	lang   i18n.Lang
	grades entity.Grades
	now    func() time.Time
	// OnTapped, when set, is called when the card is tapped (opens the
	// host's detail).
	OnTapped func(host string)
}

// NewHostCard returns a card for host, in language lang.
func NewHostCard(v HostView, lang i18n.Lang, g entity.Grades) *HostCard {
	c := &HostCard{view: v, lang: lang, grades: g, now: time.Now}
	c.ExtendBaseWidget(c)
	return c
}

// SetView shows a new view of the host. Call it on the UI goroutine
// (fyne.Do from elsewhere).
func (c *HostCard) SetView(v HostView) {
	c.view = v
	c.Refresh()
}

// View returns what the card shows.
func (c *HostCard) View() HostView { return c.view }

// SetClock replaces time.Now for the "last poll" age (tests).
func (c *HostCard) SetClock(now func() time.Time) { c.now = now }

// Tapped implements fyne.Tappable.
func (c *HostCard) Tapped(*fyne.PointEvent) {
	if c.OnTapped != nil {
		c.OnTapped(c.view.Name)
	}
}

// CreateRenderer implements fyne.Widget.
func (c *HostCard) CreateRenderer() fyne.WidgetRenderer {
	r := &hostCardRenderer{card: c,
		bg:     canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)),
		stripe: canvas.NewRectangle(ColorUnknown),
		dot:    canvas.NewCircle(ColorUnknown),
		name:   canvas.NewText("", theme.Color(theme.ColorNameForeground)),
		status: canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
		cpu:    NewLevelBar("CPU"),
		mem:    NewLevelBar(""),
		swap:   NewLevelBar(""),
		disk:   NewLevelBar(""),
		load:   canvas.NewText("", theme.Color(theme.ColorNameForeground)),
		net:    canvas.NewText("", theme.Color(theme.ColorNameForeground)),
		errMsg: widget.NewLabel(""),
	}
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.name.TextStyle = fyne.TextStyle{Bold: true}
	r.errMsg.Wrapping = fyne.TextWrapWord
	r.errMsg.Importance = widget.DangerImportance
	// No truncation: the whole error shows, wrapped, and the card grows
	// to hold it (the grid sizes each row by its tallest card).
	r.Refresh()
	return r
}

type hostCardRenderer struct {
	card           *HostCard
	bg, stripe     *canvas.Rectangle
	dot            *canvas.Circle
	name, status   *canvas.Text
	cpu, mem, swap *LevelBar
	disk           *LevelBar
	load, net      *canvas.Text
	errMsg         *widget.Label
}

const cardWidth = 280

func (r *hostCardRenderer) Layout(size fyne.Size) {
	p := theme.Padding()
	r.bg.Resize(size)
	r.stripe.Move(fyne.NewPos(0, 0))
	r.stripe.Resize(fyne.NewSize(5, size.Height))
	x := p*2 + 3
	w := size.Width - x - p*2
	y := p * 1.5
	nameH := r.name.MinSize().Height
	dot := nameH * 0.55
	r.dot.Move(fyne.NewPos(x, y+(nameH-dot)/2))
	r.dot.Resize(fyne.NewSize(dot, dot))
	r.name.Move(fyne.NewPos(x+dot+p, y))
	r.name.Resize(fyne.NewSize(w-dot-p, nameH))
	y += nameH
	r.status.Move(fyne.NewPos(x, y))
	r.status.Resize(fyne.NewSize(w, r.status.MinSize().Height))
	y += r.status.MinSize().Height + p
	for _, b := range []*LevelBar{r.cpu, r.mem, r.swap, r.disk} {
		h := b.MinSize().Height
		b.Move(fyne.NewPos(x, y))
		b.Resize(fyne.NewSize(w, h))
		y += h + p
	}
	for _, t := range []*canvas.Text{r.load, r.net} {
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(w, t.MinSize().Height))
		y += t.MinSize().Height
	}
	r.errMsg.Move(fyne.NewPos(x-p, y))
	r.errMsg.Resize(fyne.NewSize(w+2*p, max(size.Height-y, 0)))
}

func (r *hostCardRenderer) MinSize() fyne.Size {
	p := theme.Padding()
	h := p*1.5 + r.name.MinSize().Height + r.status.MinSize().Height + p
	for _, b := range []*LevelBar{r.cpu, r.mem, r.swap, r.disk} {
		h += b.MinSize().Height + p
	}
	h += r.load.MinSize().Height + r.net.MinSize().Height
	h += r.errHeight() + p
	return fyne.NewSize(cardWidth, h)
}

// errHeight is the height of the error wrapped at the width the card has
// (cardWidth before it is laid out): a wrapping label measures its lines
// at its current width, so it is given that width first.
func (r *hostCardRenderer) errHeight() float32 {
	if r.errMsg.Text == "" {
		return r.errMsg.MinSize().Height
	}
	p := theme.Padding()
	w := max(r.card.Size().Width, cardWidth) - (p*2 + 3) - p*2
	if cur := r.errMsg.Size(); cur.Width != w+2*p {
		r.errMsg.Resize(fyne.NewSize(w+2*p, cur.Height))
	}
	return r.errMsg.MinSize().Height
}

func (r *hostCardRenderer) Refresh() {
	c := r.card
	v, lang := c.view, c.lang
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	fg := theme.Color(theme.ColorNameForeground)
	sc := StateColor(v)
	r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.stripe.FillColor, r.dot.FillColor = sc, sc
	r.name.Text, r.name.Color = v.Name, fg
	state := StateText(v, lang)
	if v.AlertText != "" {
		state += i18n.Colon(lang) + v.AlertText
	}
	age := age(v.LastPoll, c.now(), lang)
	r.status.Text = state + " · " + age
	r.status.Color = theme.Color(theme.ColorNamePlaceHolder)
	r.status.TextSize = theme.TextSize() * 0.85

	unknown := !v.HasData || v.State == entity.StateUnreachable || v.State == entity.StateUntrusted || v.State == entity.StateKeyChanged
	for _, b := range []*LevelBar{r.cpu, r.mem, r.swap, r.disk} {
		b.Grades = c.grades
	}
	r.cpu.Label, r.mem.Label, r.swap.Label, r.disk.Label = t("CPU"), t("Memory"), t("Swap"), t("Disk")
	r.cpu.SetValue(v.CPU, "", unknown)
	r.mem.SetValue(v.Mem, "", unknown)
	r.swap.SetValue(v.Swap, "", unknown)
	r.disk.SetValue(v.Disk, v.DiskName, unknown || v.DiskName == "")

	r.load.Color, r.net.Color = fg, fg
	r.load.TextSize, r.net.TextSize = theme.TextSize()*0.9, theme.TextSize()*0.9
	if unknown {
		r.load.Text = t("Load") + "  –"
		r.net.Text = t("Network") + "  –"
	} else {
		r.load.Text = fmt.Sprintf("%s  %.2f %.2f %.2f", t("Load"), v.Load[0], v.Load[1], v.Load[2])
		if v.NoLoad {
			r.load.Text = t("Load") + "  –  " + t("no load average on this system")
		}
		if v.Cores > 0 {
			r.load.Text += "  (" + t("%d cores", v.Cores) + ")"
		}
		r.net.Text = fmt.Sprintf("%s  ↓ %s  ↑ %s", t("Network"), human.Rate(v.RxPerS), human.Rate(v.TxPerS))
	}
	msg := hostMessage(v, lang)
	r.errMsg.SetText(msg)
	r.Layout(c.Size())
	canvas.Refresh(c)
}

func (r *hostCardRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.stripe, r.dot, r.name, r.status, r.cpu, r.mem, r.swap, r.disk, r.load, r.net, r.errMsg}
}

func (r *hostCardRenderer) Destroy() {}

func formatPct(v float64) string { return fmt.Sprintf("%.1f %%", v) }

// hostMessage is a host's whole error and its missing processes.
func hostMessage(v HostView, lang i18n.Lang) string {
	msg := v.Error
	if len(v.Missing) > 0 {
		if msg != "" {
			msg += map[bool]string{false: "; ", true: "；"}[lang == i18n.ZH]
		}
		msg += i18n.T(lang, "missing") + i18n.Colon(lang) + strings.Join(v.Missing, i18n.ListSep(lang))
	}
	return msg
}
