package views

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/entity"
	"lookout/internal/i18n"
)

func fleet(n int) []HostView {
	var hosts []HostView
	for i := range n {
		hosts = append(hosts, HostView{Name: fmt.Sprintf("host-%02d", i), State: entity.StateOK, HasData: true,
			CPU: float64(i * 3), Mem: 50, Disk: 40, DiskName: "/", Cores: 2, LastPoll: now.Add(-time.Second),
			Spark: map[entity.Metric][]float64{entity.MetricCPU: {1, 5, 3, 9, float64(i * 3)}}})
	}
	return hosts
}

// At 800×600 the table shows at least 15 hosts.
func TestTableShowsFifteenRowsAt800x600(t *testing.T) {
	test.NewTempApp(t)
	o := NewOverview(i18n.EN, entity.DefaultGrades)
	w := test.NewTempWindow(t, o)
	w.Resize(fyne.NewSize(800, 600))
	o.SetHosts(fleet(40))
	o.SetLayout(ModeTable, SortName)
	// The list creates rows only for what is on screen; a row counts
	// when it lies wholly inside the list (positions are relative to the
	// list's content, scrolled to the top).
	listH := o.table.Size().Height
	visible := 0
	for _, obj := range test.LaidOutObjects(w.Canvas().Content()) {
		r, ok := obj.(*HostRow)
		if !ok || r.header || !r.Visible() || r.View().Name == "" {
			continue
		}
		if r.Position().Y+r.Size().Height <= listH {
			visible++
		}
	}
	if o.table.Size().Width > 800 {
		t.Errorf("the table is %v wide in an 800 px window", o.table.Size().Width)
	}
	if visible < 15 {
		t.Errorf("the table shows %d whole rows at 800×600, want ≥ 15", visible)
	}
	t.Logf("%d rows visible", visible)
}

// Both views sort by the chosen key and keep the filter.
func TestOverviewSortAndFilter(t *testing.T) {
	test.NewTempApp(t)
	o := NewOverview(i18n.EN, entity.DefaultGrades)
	hosts := fleet(5)
	hosts[1].Alert = "warning"
	o.SetHosts(hosts)
	names := func() string {
		var out []string
		for _, c := range o.Cards() {
			out = append(out, c.View().Name)
		}
		return fmt.Sprint(out)
	}
	tests := []struct {
		name   string
		mode   Mode
		key    SortKey
		filter string
		want   string
	}{
		{"state", ModeCards, SortState, "", "[host-01 host-00 host-02 host-03 host-04]"},
		{"cpu", ModeCards, SortCPU, "", "[host-04 host-03 host-02 host-01 host-00]"},
		{"name in table", ModeTable, SortName, "", "[host-00 host-01 host-02 host-03 host-04]"},
		{"filtered table by cpu", ModeTable, SortCPU, "-0", "[host-04 host-03 host-02 host-01 host-00]"},
		{"filtered", ModeTable, SortCPU, "3", "[host-03]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o.SetLayout(tt.mode, tt.key)
			o.Filter.SetText(tt.filter)
			if got := names(); got != tt.want {
				t.Errorf("order %s, want %s", got, tt.want)
			}
			if m, k := o.Layout(); m != tt.mode || k != tt.key {
				t.Errorf("layout %v %v", m, k)
			}
		})
	}
}

// TestTableGolden draws the table in English and Chinese.
func TestTableGolden(t *testing.T) {
	hosts := fleet(3)
	hosts = append(hosts,
		HostView{Name: "db-1", State: entity.StateOK, HasData: true, CPU: 97, Mem: 55, Disk: 91, DiskName: "/var", Cores: 8,
			LastPoll: now.Add(-time.Second), Alert: "critical", AlertText: "CPU 97.0 %"},
		HostView{Name: "edge-3", State: entity.StateUnreachable, LastPoll: now.Add(-3 * time.Minute),
			Error: "dial tcp 10.0.0.3:22: connect: connection refused"})
	for _, tt := range []struct {
		golden string
		lang   i18n.Lang
	}{{"overview/table.xml", i18n.EN}, {"overview/table_zh.xml", i18n.ZH}} {
		t.Run(tt.golden, func(t *testing.T) {
			test.NewTempApp(t)
			o := NewOverview(tt.lang, entity.DefaultGrades)
			o.SetClock(func() time.Time { return now })
			o.SetHosts(hosts)
			o.SetLayout(ModeTable, SortState)
			w := test.NewTempWindow(t, o)
			w.Resize(fyne.NewSize(960, 400))
			assertMarkup(t, tt.golden, w.Canvas())
		})
	}
}
