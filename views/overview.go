package views

import (
	"strings"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"lookout/internal/i18n"
)

// Overview is the window's main screen: a filter box and one card per
// host, the worst first. It keeps one card per host and re-orders them
// only when the order changes, so 200 hosts stay cheap to update.
type Overview struct {
	widget.BaseWidget
	Filter *widget.Entry
	// OnHostTapped is called with a host's name when its card is tapped.
	OnHostTapped func(host string)

	lang   i18n.Lang
	grades entity.Grades
	count  *widget.Label
	grid   *fyne.Container
	scroll *container.Scroll
	cards  map[string]*HostCard
	order  []string // names in display order, filtered
}

// CardSize is the size of a host card in the overview's grid.
var CardSize = fyne.NewSize(cardWidth, 250)

// NewOverview returns an empty overview.
func NewOverview(lang i18n.Lang, g entity.Grades) *Overview {
	o := &Overview{lang: lang, grades: g, cards: map[string]*HostCard{}}
	o.Filter = widget.NewEntry()
	o.Filter.SetPlaceHolder(i18n.T(lang, "Filter hosts (Ctrl+F)"))
	o.Filter.OnChanged = func(string) { o.arrange() }
	o.count = widget.NewLabel("")
	o.grid = container.NewGridWrap(CardSize)
	o.scroll = container.NewVScroll(o.grid)
	o.ExtendBaseWidget(o)
	return o
}

// CreateRenderer implements fyne.Widget.
func (o *Overview) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, nil, o.count, o.Filter)
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, o.scroll))
}

// SetGrades changes the colour grades of every card.
func (o *Overview) SetGrades(g entity.Grades) {
	o.grades = g
	for _, c := range o.cards {
		c.grades = g
		c.Refresh()
	}
}

// SetHosts replaces every host. The cards of hosts still present are
// kept and shown with their new view (the grid keeps showing the very
// objects that later Updates change: a window reopened from the tray
// never shows stale cards); removed hosts' cards go.
func (o *Overview) SetHosts(hosts []HostView) {
	keep := make(map[string]bool, len(hosts))
	for _, v := range hosts {
		keep[v.Name] = true
		o.card(v).SetView(v)
	}
	for name := range o.cards {
		if !keep[name] {
			delete(o.cards, name)
		}
	}
	o.arrange()
}

// Update shows a new view of one host, adding its card if it is new.
func (o *Overview) Update(v HostView) {
	o.card(v).SetView(v)
	o.arrange()
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
		c.OnTapped = func(host string) {
			if o.OnHostTapped != nil {
				o.OnHostTapped(host)
			}
		}
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
	sorted := SortWorstFirst(views)
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
