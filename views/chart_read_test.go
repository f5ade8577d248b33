package views

import (
	"testing"
	"time"

	"lookout/entity"

	"fyne.io/fyne/v2/test"
)

// TestChartReadsOncePerPixel: a chart reads its source again only once its
// span has moved by a pixel (period / width), or when its period or width
// changes; in between, redraws reuse the last read.
func TestChartReadsOncePerPixel(t *testing.T) {
	test.NewTempApp(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	reads := 0
	src := func(m entity.Metric, from, to time.Time, maxPoints int) []entity.Point {
		reads++
		return []entity.Point{{T: to, V: 1}}
	}
	c := NewChart(ChartSpec{Title: "CPU", Metrics: []entity.Metric{"cpu", "mem"}}, src, time.Hour, entity.Grades{})
	clock := now
	c.SetClock(func() time.Time { return clock })
	for _, step := range []struct {
		name    string
		advance time.Duration
		w       int
		period  time.Duration
		reads   int // total, two series
	}{
		{"first draw", 0, 900, time.Hour, 2},
		{"1 s later: under a pixel (4 s)", time.Second, 900, time.Hour, 2},
		{"3.9 s after the read", 2900 * time.Millisecond, 900, time.Hour, 2},
		{"a pixel later", time.Second, 900, time.Hour, 4},
		{"resized", 0, 600, time.Hour, 6},
		{"new period", 0, 600, 5 * time.Minute, 8},
		{"5 minutes at 600 px: half a second a pixel", time.Second, 600, 5 * time.Minute, 10},
		{"clock went back", -time.Minute, 600, 5 * time.Minute, 12},
	} {
		clock = clock.Add(step.advance)
		if step.period != c.period {
			c.SetPeriod(step.period)
		}
		m := c.Model(step.w)
		if reads != step.reads {
			t.Errorf("%s: %d reads, want %d", step.name, reads, step.reads)
		}
		if len(m.Series) != 2 || len(m.Series[0].Points) != 1 || m.To.Sub(m.From) != step.period {
			t.Errorf("%s: model %v to %v with %d series", step.name, m.From, m.To, len(m.Series))
		}
	}
}
