package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/entity"
	"lookout/internal/i18n"
)

// A Windows host has no load average: its card says so with a dash, not
// "0.00 0.00 0.00", in both languages.
func TestHostCardNoLoad(t *testing.T) {
	snap := entity.Snapshot{Host: "pc", CPU: entity.CPUStat{Percent: 10, Cores: 8},
		Load: entity.LoadStat{Absent: true}, Mem: entity.MemStat{TotalBytes: 1 << 30, Percent: 40}}
	v := NewHostView(entity.HostStatus{Host: "pc", State: entity.StateOK}, snap, true, entity.DefaultGrades)
	if !v.NoLoad {
		t.Fatal("NewHostView: NoLoad not set from the snapshot")
	}
	for _, tt := range []struct {
		lang      i18n.Lang
		want, not string
	}{
		{i18n.EN, "Load  –  no load average on this system", "0.00 0.00"},
		{i18n.ZH, "负载  –  本系统没有负载均值", "0.00 0.00"},
	} {
		t.Run(string(tt.lang), func(t *testing.T) {
			test.NewTempApp(t)
			c := NewHostCard(v, tt.lang, entity.DefaultGrades)
			c.SetClock(func() time.Time { return now })
			w := test.NewTempWindow(t, c)
			w.Resize(fyne.NewSize(300, 260))
			m := test.RenderToMarkup(w.Canvas())
			if !strings.Contains(m, tt.want) || strings.Contains(m, tt.not) {
				t.Errorf("card does not say %q (or shows %q):\n%s", tt.want, tt.not, m)
			}
		})
	}
}
