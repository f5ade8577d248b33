// Command screenshots draws the README's pictures from a made-up fleet:
// the overview as cards and as the table, and a day's report as a chat
// app shows it. The fleet is the eight servers (#13): one down
// since 10:00, one at 97 % CPU (critical), one at 92 % memory (warning),
// the rest calm, and a crawler whose python count rises and falls.
//
// The window is drawn by Fyne's software painter (fyne.io/fyne/v2/test)
// in the light theme, so no display is needed and the pictures are the
// same on every machine; the report is engine/report's own PNG.
//
//	go run ./scripts/screenshots -out docs/img    (make screenshots)
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/image/draw"

	"lookout/engine"
	"lookout/engine/report"
	"lookout/entity"
	"lookout/internal/i18n"
	"lookout/views"
)

// end is the fixed "now" of every picture.
var end = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func main() {
	out := flag.String("out", "docs/img", "`directory` the PNGs are written to")
	lang := flag.String("lang", "en", "language: en or zh")
	reportWidth := flag.Int("report-width", 540, "width in `pixels` the report is scaled to (the report is drawn at 1080)")
	flag.Parse()
	time.Local = time.UTC
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	ring, alerts := fleet()
	l := i18n.Lang(*lang)

	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(views.ThemeFor("light"))
	hosts := hostViews(ring, l)
	for _, shot := range []struct {
		file string
		mode views.Mode
		size fyne.Size
	}{
		{"overview.png", views.ModeCards, fyne.NewSize(960, 820)},
		{"table.png", views.ModeTable, fyne.NewSize(960, 300)},
	} {
		o := views.NewOverview(l, entity.DefaultGrades)
		o.SetClock(func() time.Time { return end })
		o.SetHosts(hosts)
		o.SetLayout(shot.mode, views.SortState)
		o.SetClock(func() time.Time { return end })
		w := test.NewWindow(o)
		w.Resize(shot.size)
		write(filepath.Join(*out, shot.file), w.Canvas().Capture())
		w.Close()
	}

	rep, err := report.Build(context.Background(), ring, report.Options{Now: end, Period: 6 * time.Hour, Alerts: alerts})
	if err != nil {
		log.Fatal(err)
	}
	pages, err := report.RenderPages(rep, report.ImageOptions{Lang: *lang, Location: time.UTC})
	if err != nil {
		log.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(pages[0]))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("report: %d image(s), the first %d×%d, %d KiB as sent\n", len(pages), img.Bounds().Dx(), img.Bounds().Dy(), len(pages[0])/1024)
	if w := *reportWidth; w > 0 && w < img.Bounds().Dx() {
		h := img.Bounds().Dy() * w / img.Bounds().Dx()
		small := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(small, small.Bounds(), img, img.Bounds(), draw.Src, nil)
		img = small
	}
	write(filepath.Join(*out, "report.png"), img)
}

func write(path string, img image.Image) {
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, img); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d×%d, %d KiB\n", path, img.Bounds().Dx(), img.Bounds().Dy(), b.Len()/1024)
}

// alertSource is fixed alerts per host.
type alertSource map[string][]report.Alert

func (a alertSource) Alerts(host string, from, to time.Time) []report.Alert { return a[host] }

var names = []string{"edge-3", "db-1", "search-1", "web-1", "web-2", "api-1", "cache-1", "crawler-1"}

// fleet is six hours of one-minute polls of the eight servers.
func fleet() (*engine.Ring, alertSource) {
	r := engine.NewRing(400)
	start := end.Add(-6 * time.Hour)
	for h, name := range names {
		for i := range 361 {
			at := start.Add(time.Duration(i) * time.Minute)
			if h == 0 && i >= 240 {
				r.AppendGap(name, at)
				continue
			}
			s := entity.Snapshot{Host: name, Time: at}
			s.CPU.Cores = 4
			s.CPU.Percent = 8 + float64(h%5)*4 + 4*math.Sin(float64(i+h*13)/20)
			s.Mem.TotalBytes, s.Mem.Percent = 8<<30, 30+float64(h%4)*6+3*math.Sin(float64(i)/50)
			s.Swap.TotalBytes, s.Swap.Percent = 2<<30, 1
			s.Disks = []entity.DiskStat{{Mount: "/", Percent: 22 + float64(h%3)*9}}
			s.Load.Load1 = s.CPU.Percent / 25
			s.Load.Load5, s.Load.Load15 = s.Load.Load1*0.9, s.Load.Load1*0.8
			s.Net = []entity.NetStat{{Iface: "eth0", RxBytesPerS: 2e5 + 5e4*float64(h), TxBytesPerS: 4e4}}
			switch name {
			case "db-1":
				s.CPU.Percent = 90 + 7*math.Min(1, float64(i)/300)
				s.Load.Load1, s.Load.Load5, s.Load.Load15 = 7.6, 6.9, 5.2
			case "search-1":
				s.Mem.Percent = 80 + 12*math.Min(1, float64(i)/200)
			case "crawler-1":
				n := 2 + (i/30)%11
				s.Procs.Counts = map[string]int{"python": n}
				s.CPU.Percent = 5 + 3.1*float64(n) + 3*math.Sin(float64(i))
				s.Mem.Percent = 10 + 1.5*float64(n)
			}
			r.Append(s)
		}
	}
	alerts := alertSource{
		"edge-3":   {{ID: "a1", At: start.Add(241 * time.Minute), Metric: "unreachable", Severity: "critical", Value: 1}},
		"db-1":     {{ID: "a2", At: start.Add(20 * time.Minute), Metric: "cpu", Severity: "critical", Value: 97, Peak: 97}},
		"search-1": {{ID: "a3", At: start.Add(170 * time.Minute), Metric: "mem", Severity: "warning", Value: 92, Peak: 92}},
	}
	return r, alerts
}

// hostViews are the overview's views of the fleet at end, with the
// alert states the alert engine would give them and five minutes of
// sparkline per figure.
func hostViews(r *engine.Ring, lang i18n.Lang) []views.HostView {
	var out []views.HostView
	for _, name := range names {
		snap, _ := r.Latest(name)
		st := entity.HostStatus{Host: name, State: entity.StateOK, LastPoll: end.Add(-2 * time.Second)}
		if name == "edge-3" {
			st.State, st.LastPoll = entity.StateUnreachable, end.Add(-2*time.Hour)
			st.LastError = "dial tcp 10.0.0.3:22: connect: connection refused"
		}
		v := views.NewHostView(st, snap, true, entity.DefaultGrades)
		switch name {
		case "db-1":
			v.Alert, v.AlertText = "critical", i18n.RuleName(lang, "cpu")+" 97.0 %"
		case "search-1":
			v.Alert, v.AlertText = "warning", i18n.RuleName(lang, "mem")+" 92.0 %"
		}
		v.Spark = map[entity.Metric][]float64{}
		for _, m := range []entity.Metric{entity.MetricCPU, entity.MetricMem, entity.MetricSwap, entity.MetricDiskMax, entity.MetricLoadPerCore, entity.MetricNetRx} {
			pts, _ := r.Range(name, m, end.Add(-5*time.Minute), end, 0)
			for _, p := range pts {
				v.Spark[m] = append(v.Spark[m], p.V)
			}
		}
		out = append(out, v)
	}
	return out
}
