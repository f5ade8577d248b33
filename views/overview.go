package views

import (
	"strings"
	"time"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"lookout/internal/i18n"
)

// Overview is the window's main screen: a filter box, a sort menu, a
// switch between cards and a compact table, and the hosts, the worst
// first unless sorted otherwise. It keeps one card per host and re-orders
// them only when the order changes, so 200 hosts stay cheap to update;
// the table draws only the rows on screen.
type Overview struct {
	widget.BaseWidget
	Filter *widget.Entry
	// OnHostTapped is called with a host's name when its card is tapped.
	OnHostTapped func(host string)
	// OnLayoutChanged is called when the user switches cards/table or the
	// sort, so the window can remember the choice.
	OnLayoutChanged func(mode Mode, key SortKey)

	lang   i18n.Lang
	grades entity.Grades
	count  *widget.Label
	grid   *fyne.Container
	scroll *container.Scroll
	cards  map[string]*HostCard
	order  []string // names in display order, filtered

	now     func() time.Time // nil: time.Now
	mode    Mode
	sortKey SortKey
	modes   *widget.RadioGroup
	sorter  *widget.Select
	table   *widget.List
	header  *HostRow
	body    *fyne.Container // the scroll of cards or the table
}

// Mode is how the overview shows hosts.
type Mode string

// Modes: one card per host, or one table row per host.
const (
	ModeCards Mode = "cards"
	ModeTable Mode = "table"
)

// CardSize is the size of a host card in the overview's grid.
var CardSize = fyne.NewSize(cardWidth, 250)

// NewOverview returns an empty overview.
func NewOverview(lang i18n.Lang, g entity.Grades) *Overview {
	o := &Overview{lang: lang, grades: g, cards: map[string]*HostCard{}}
	o.Filter = widget.NewEntry()
	o.Filter.SetPlaceHolder(i18n.T(lang, "Filter hosts (Ctrl+F)"))
	o.Filter.OnChanged = func(string) { o.arrange() }
	o.count = widget.NewLabel("")
	o.grid = container.New(&cardGrid{})
	o.scroll = container.NewVScroll(o.grid)
	o.mode, o.sortKey = ModeCards, SortState
	o.table = widget.NewList(func() int { return len(o.order) },
		func() fyne.CanvasObject {
			r := NewHostRow(lang, o.grades)
			r.OnTapped = o.tapped
			if o.now != nil {
				r.now = o.now
			}
			return r
		},
		func(id widget.ListItemID, obj fyne.CanvasObject) {
			if id < len(o.order) {
				r := obj.(*HostRow)
				r.grades = o.grades
				r.SetView(o.cards[o.order[id]].View())
			}
		})
	o.header = NewHostRow(lang, g)
	o.header.header = true
	o.body = container.NewStack(o.scroll)
	labels := []string{i18n.T(lang, "Cards"), i18n.T(lang, "Table")}
	o.modes = widget.NewRadioGroup(labels, func(s string) {
		m := ModeCards
		if s == labels[1] {
			m = ModeTable
		}
		if m != o.mode {
			o.mode = m
			o.showMode()
			o.changed()
		}
	})
	o.modes.Horizontal, o.modes.Required = true, true
	o.modes.SetSelected(labels[0])
	var sortLabels []string
	for _, k := range SortKeys {
		sortLabels = append(sortLabels, i18n.T(lang, k.Label()))
	}
	o.sorter = widget.NewSelect(sortLabels, func(s string) {
		for i, l := range sortLabels {
			if l == s && SortKeys[i] != o.sortKey {
				o.sortKey = SortKeys[i]
				o.arrange()
				o.changed()
			}
		}
	})
	o.sorter.SetSelectedIndex(0)
	o.ExtendBaseWidget(o)
	return o
}

// CreateRenderer implements fyne.Widget.
func (o *Overview) CreateRenderer() fyne.WidgetRenderer {
	right := container.NewHBox(o.count, widget.NewLabel(i18n.T(o.lang, "Sort by")), o.sorter, o.modes)
	top := container.NewBorder(nil, nil, nil, right, o.Filter)
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, o.body))
}

// SetLayout shows hosts as cards or a table, sorted by key, without
// calling OnLayoutChanged (the window restores the remembered choice).
func (o *Overview) SetLayout(mode Mode, key SortKey) {
	cb := o.OnLayoutChanged
	o.OnLayoutChanged = nil
	defer func() { o.OnLayoutChanged = cb }()
	if mode == ModeTable {
		o.modes.SetSelected(o.modes.Options[1])
	} else {
		o.modes.SetSelected(o.modes.Options[0])
	}
	for i, k := range SortKeys {
		if k == key {
			o.sorter.SetSelectedIndex(i)
		}
	}
}

// SetClock replaces time.Now for the cards' and rows' poll ages (tests).
func (o *Overview) SetClock(now func() time.Time) {
	o.now = now
	for _, c := range o.cards {
		c.SetClock(now)
		c.Refresh()
	}
	o.table.Refresh()
}

// Layout returns the mode and the sort key shown.
func (o *Overview) Layout() (Mode, SortKey) { return o.mode, o.sortKey }

func (o *Overview) changed() {
	if o.OnLayoutChanged != nil {
		o.OnLayoutChanged(o.mode, o.sortKey)
	}
}

func (o *Overview) showMode() {
	if o.mode == ModeTable {
		o.body.Objects = []fyne.CanvasObject{container.NewBorder(o.header, nil, nil, nil, o.table)}
		o.table.Refresh()
	} else {
		o.body.Objects = []fyne.CanvasObject{o.scroll}
	}
	o.arrange()
	o.body.Refresh()
}

func (o *Overview) tapped(host string) {
	if o.OnHostTapped != nil {
		o.OnHostTapped(host)
	}
}

// SetGrades changes the colour grades of every card.
func (o *Overview) SetGrades(g entity.Grades) {
	o.grades = g
	for _, c := range o.cards {
		c.grades = g
		c.Refresh()
	}
	o.table.Refresh()
}

// SetHosts replaces every host. The cards of hosts still present are
// kept and shown with their new view (the grid keeps showing the very
// objects that later Updates change: a window reopened from the tray
// never shows stale cards); removed hosts' cards go.
func (o *Overview) SetHosts(hosts []HostView) {
	keep := make(map[string]bool, len(hosts))
	resized := false
	for _, v := range hosts {
		keep[v.Name] = true
		c := o.card(v)
		before := c.MinSize().Height
		c.SetView(v)
		resized = resized || c.MinSize().Height != before
	}
	for name := range o.cards {
		if !keep[name] {
			delete(o.cards, name)
		}
	}
	o.arrange()
	if resized {
		o.relayout()
	}
}

// relayout lays the grid out again when a card's height changed (a
// longer or shorter error) though the order did not.
func (o *Overview) relayout() {
	if o.mode == ModeTable {
		return
	}
	o.grid.Refresh()
	o.scroll.Refresh()
}

// Update shows a new view of one host, adding its card if it is new.
func (o *Overview) Update(v HostView) {
	c := o.card(v)
	before := c.MinSize().Height
	c.SetView(v)
	o.arrange()
	if c.MinSize().Height != before {
		o.relayout()
	}
}

// Cards returns the cards in display order (tests).
func (o *Overview) Cards() []*HostCard {
	out := make([]*HostCard, 0, len(o.order))
	for _, n := range o.order {
		out = append(out, o.cards[n])
	}
	return out
}

func (o *Overview) card(v HostView) *HostCard {
	c, ok := o.cards[v.Name]
	if !ok {
		c = NewHostCard(v, o.lang, o.grades)
		if o.now != nil {
			c.SetClock(o.now)
		}
		c.OnTapped = o.tapped
		o.cards[v.Name] = c
	}
	return c
}

// arrange sorts the cards worst first, applies the filter, and changes the
// grid only when the visible order differs.
func (o *Overview) arrange() {
	views := make([]HostView, 0, len(o.cards))
	for _, c := range o.cards {
		views = append(views, c.View())
	}
	sorted := SortHosts(views, o.sortKey)
	filter := strings.ToLower(strings.TrimSpace(o.Filter.Text))
	order := make([]string, 0, len(sorted))
	troubled := 0
	for _, v := range sorted {
		if HostSeverity(v).Troubled() {
			troubled++
		}
		if filter == "" || strings.Contains(strings.ToLower(v.Name), filter) {
			order = append(order, v.Name)
		}
	}
	if len(views) == 1 {
		o.count.SetText(i18n.T(o.lang, "1 host, %d in trouble", troubled))
	} else {
		o.count.SetText(i18n.T(o.lang, "%d hosts, %d in trouble", len(views), troubled))
	}
	if o.mode == ModeTable {
		o.order = order
		o.table.Refresh()
		return
	}
	if equal(order, o.order) && o.showsCards() {
		return
	}
	o.order = order
	objs := make([]fyne.CanvasObject, 0, len(order))
	for _, n := range order {
		objs = append(objs, o.cards[n])
	}
	o.grid.Objects = objs
	o.grid.Refresh()
}

// showsCards reports whether the grid holds exactly the current cards.
func (o *Overview) showsCards() bool {
	if len(o.grid.Objects) != len(o.order) {
		return false
	}
	for i, n := range o.order {
		if o.grid.Objects[i] != fyne.CanvasObject(o.cards[n]) {
			return false
		}
	}
	return true
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
