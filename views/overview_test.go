package views

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/entity"
	"lookout/internal/i18n"
)

// The window hidden in the tray keeps only its host map up to date, and
// showing it again calls SetHosts with the views gathered meanwhile. The
// grid must then show (and keep showing, through later Updates) the cards
// that hold those views: before the fix SetHosts made new cards but the
// grid kept the old objects whenever the order had not changed, so the
// window stayed stale until the filter was typed in.
func TestOverviewSetHostsKeepsGridLive(t *testing.T) {
	test.NewTempApp(t)
	o := NewOverview(i18n.EN, entity.DefaultGrades)
	w := test.NewTempWindow(t, o)
	w.Resize(fyne.NewSize(800, 600))
	view := func(name string, cpu float64) HostView {
		return HostView{Name: name, State: entity.StateOK, HasData: true, CPU: cpu}
	}
	tests := []struct {
		name  string
		apply func()
		want  map[string]float64
	}{
		{"first set", func() { o.SetHosts([]HostView{view("a", 10), view("b", 20)}) }, map[string]float64{"a": 10, "b": 20}},
		{"shown again from the tray", func() { o.SetHosts([]HostView{view("a", 11), view("b", 21)}) }, map[string]float64{"a": 11, "b": 21}},
		{"poll after showing", func() { o.Update(view("a", 12)) }, map[string]float64{"a": 12, "b": 21}},
		{"host removed", func() { o.SetHosts([]HostView{view("b", 22)}) }, map[string]float64{"b": 22}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.apply()
			if len(o.grid.Objects) != len(tt.want) {
				t.Fatalf("grid shows %d cards, want %d", len(o.grid.Objects), len(tt.want))
			}
			for _, obj := range o.grid.Objects {
				c := obj.(*HostCard)
				if c != o.cards[c.View().Name] {
					t.Errorf("grid shows a card of %s that is no longer updated", c.View().Name)
				}
				if got := c.View().CPU; got != tt.want[c.View().Name] {
					t.Errorf("%s shows CPU %v, want %v", c.View().Name, got, tt.want[c.View().Name])
				}
			}
		})
	}
}
