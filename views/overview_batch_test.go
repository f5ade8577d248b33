package views

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/entity"
	"lookout/internal/i18n"
)

// UpdateAll leaves the overview as the same Updates one by one would:
// the same cards in the same order, the count of hosts in trouble.
func TestUpdateAllMatchesUpdate(t *testing.T) {
	test.NewTempApp(t)
	one, all := NewOverview(i18n.EN, entity.DefaultGrades), NewOverview(i18n.EN, entity.DefaultGrades)
	for _, o := range []*Overview{one, all} {
		w := test.NewTempWindow(t, o)
		w.Resize(fyne.NewSize(1280, 800))
		o.SetHosts(fleetViews(30, 0))
	}
	round := fleetViews(31, 1) // one host more
	round[17].Alert, round[17].AlertText = "critical", "Disk / 99.0 %"
	for _, v := range round {
		one.Update(v)
	}
	all.UpdateAll(round)
	a, b := one.Cards(), all.Cards()
	if len(a) != 31 || len(a) != len(b) {
		t.Fatalf("%d and %d cards, want 31", len(a), len(b))
	}
	for i := range a {
		if a[i].View().Name != b[i].View().Name || a[i].View().CPU != b[i].View().CPU {
			t.Errorf("card %d: %s %v after Update, %s %v after UpdateAll", i, a[i].View().Name, a[i].View().CPU, b[i].View().Name, b[i].View().CPU)
		}
	}
	if b[0].View().Name != round[17].Name {
		t.Errorf("the critical host is not first: %s", b[0].View().Name)
	}
	if one.count.Text != all.count.Text {
		t.Errorf("count %q vs %q", one.count.Text, all.count.Text)
	}
}
