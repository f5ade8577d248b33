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

func fleetViews(n, round int) []HostView {
	vs := make([]HostView, n)
	for i := range vs {
		v := float64((i*7 + round*13) % 100)
		vs[i] = HostView{Name: fmt.Sprintf("host-%04d:9100", i+1), State: entity.StateOK, HasData: true,
			CPU: v, Mem: 100 - v, Swap: v / 4, Disk: 55, DiskName: "/", Load: [3]float64{0.8, 0.7, 0.6}, Cores: 4,
			LastPoll: now, Level: entity.DefaultGrades.Grade(v)}
		if i%50 == 0 {
			vs[i].Alert, vs[i].AlertText = "warning", "CPU 91.0 %"
		}
	}
	return vs
}

// BenchmarkOverviewRound1000 is the UI goroutine's work when a round of a
// 1,000-host fleet arrives: every host's view updated (the window's
// flush calls Update once per polled host, then draws), in the card grid
// and in the table, the window 1280×800 on Fyne's test driver.
func BenchmarkOverviewRound1000(b *testing.B) {
	for _, mode := range []Mode{ModeCards, ModeTable} {
		b.Run(string(mode)+"/Update", func(b *testing.B) { benchRound(b, mode, false) })
		b.Run(string(mode)+"/UpdateAll", func(b *testing.B) { benchRound(b, mode, true) })
	}
}

func benchRound(b *testing.B, mode Mode, batch bool) {
	{
		{
			test.NewTempApp(b)
			o := NewOverview(i18n.EN, entity.DefaultGrades)
			o.SetClock(func() time.Time { return now })
			o.SetLayout(mode, SortState)
			w := test.NewTempWindow(b, o)
			w.Resize(fyne.NewSize(1280, 800))
			o.SetHosts(fleetViews(1000, 0))
			rounds := [][]HostView{fleetViews(1000, 1), fleetViews(1000, 2)}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if batch {
					o.UpdateAll(rounds[i%2])
				} else {
					for _, v := range rounds[i%2] {
						o.Update(v)
					}
				}
				w.Canvas().Refresh(o)
				i++
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/round")
		}
	}
}
