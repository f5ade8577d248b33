package views

import (
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/entity"
	"lookout/internal/i18n"
)

// glanceFleet is the eight servers: one down, one at 97 % CPU
// (critical), one at 92 % memory (warning), the rest calm, each with five
// minutes of sparkline.
func glanceFleet(lang i18n.Lang) []HostView {
	spark := func(base, swing float64) []float64 {
		var out []float64
		for i := range 30 {
			out = append(out, math.Max(0, base+swing*math.Sin(float64(i)/3)))
		}
		return out
	}
	var hosts []HostView
	for i, name := range []string{"web-1", "web-2", "api-1", "cache-1", "queue-1"} {
		cpu := 8 + 5*float64(i)
		hosts = append(hosts, HostView{Name: name, State: entity.StateOK, HasData: true, CPU: cpu, Mem: 35 + 4*float64(i), Disk: 22 + 9*float64(i),
			DiskName: "/", Load: [3]float64{0.2 * float64(i+1), 0.3, 0.25}, Cores: 4, RxPerS: 120e3 * float64(i+1), TxPerS: 40e3,
			LastPoll: now.Add(-2 * time.Second), Spark: map[entity.Metric][]float64{entity.MetricCPU: spark(cpu, 4), entity.MetricMem: spark(35+4*float64(i), 1)}})
	}
	hosts = append(hosts,
		HostView{Name: "db-1", State: entity.StateOK, HasData: true, CPU: 97, Mem: 61, Swap: 4, Disk: 58, DiskName: "/var/lib/postgresql",
			Load: [3]float64{7.6, 6.2, 4.1}, Cores: 8, LastPoll: now.Add(-time.Second), Alert: "critical", AlertText: i18n.RuleName(lang, "cpu") + " 97.0 %",
			Spark: map[entity.Metric][]float64{entity.MetricCPU: spark(85, 12), entity.MetricMem: spark(60, 2)}},
		HostView{Name: "search-1", State: entity.StateOK, HasData: true, CPU: 31, Mem: 92, Swap: 18, Disk: 47, DiskName: "/data",
			Load: [3]float64{1.1, 1, 0.9}, Cores: 4, LastPoll: now.Add(-time.Second), Alert: "warning", AlertText: i18n.RuleName(lang, "mem") + " 92.0 %",
			Spark: map[entity.Metric][]float64{entity.MetricCPU: spark(30, 5), entity.MetricMem: spark(90, 2)}},
		HostView{Name: "edge-3", State: entity.StateUnreachable, HasData: true, LastPoll: now.Add(-3 * time.Minute),
			Error: "dial tcp 10.0.0.3:22: connect: connection refused"})
	return hosts
}

// TestOverviewThemes: image goldens of the overview, cards and table, in
// English and Chinese, in the light and the dark theme (testdata/theme/,
// rewritten with -update). In the dark theme the window's background is
// dark and the state colours are the same as in the light one.
func TestOverviewThemes(t *testing.T) {
	for _, variant := range []string{"light", "dark"} {
		for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
			for _, mode := range []Mode{ModeCards, ModeTable} {
				name := fmt.Sprintf("theme/%s-%s-%s.png", mode, lang, variant)
				t.Run(name, func(t *testing.T) {
					a := test.NewTempApp(t)
					a.Settings().SetTheme(ThemeFor(variant))
					o := NewOverview(lang, entity.DefaultGrades)
					o.SetClock(func() time.Time { return now })
					o.SetHosts(glanceFleet(lang))
					o.SetLayout(mode, SortState)
					o.SetClock(func() time.Time { return now })
					w := test.NewTempWindow(t, o)
					w.Resize(fyne.NewSize(960, 600))
					img := w.Canvas().Capture()
					if bg := luma(img.At(2, 2)); (variant == "dark") != (bg < 0.5) {
						t.Errorf("%s theme: background luma %.2f", variant, bg)
					}
					if !hasNear(img, ColorHigh) || !hasNear(img, ColorMid) {
						t.Errorf("the critical host's red or the warning host's orange is not on screen")
					}
					assertImage(t, name, img)
				})
			}
		}
	}
}

// assertImage compares img with the golden PNG testdata/name, or rewrites
// it with -update.
func assertImage(t *testing.T, name string, img image.Image) {
	t.Helper()
	if *update {
		p := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertImageMatches(t, name, img)
}

func luma(c interface{ RGBA() (r, g, b, a uint32) }) float64 {
	r, g, b, _ := c.RGBA()
	return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 0xffff
}

// hasNear reports whether some pixel of img is within a few levels of c.
func hasNear(img image.Image, c interface{ RGBA() (r, g, b, a uint32) }) bool {
	cr, cg, cb, _ := c.RGBA()
	near := func(a, b uint32) bool { return a>>8 <= (b>>8)+6 && (b>>8) <= (a>>8)+6 }
	bnd := img.Bounds()
	for y := bnd.Min.Y; y < bnd.Max.Y; y++ {
		for x := bnd.Min.X; x < bnd.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if near(r, cr) && near(g, cg) && near(b, cb) {
				return true
			}
		}
	}
	return false
}
