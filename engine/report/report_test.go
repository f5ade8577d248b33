package report

import (
	"bytes"
	"context"
	"flag"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/entity"
	"lookout/internal/i18n"

	"lookout/engine"
)

var keep = flag.Bool("keep", false, "write the test report images to testdata/out/ to look at")

var t0 = time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC)

// fill appends n snapshots of host every step from t0, with cpu(i) as CPU;
// polls listed in gaps failed.
func fill(r *engine.Ring, host string, n int, step time.Duration, cpu func(i int) float64, gaps map[int]bool) {
	for i := range n {
		at := t0.Add(time.Duration(i) * step)
		if gaps[i] {
			r.AppendGap(host, at)
			continue
		}
		s := entity.Snapshot{Host: host, Time: at}
		s.CPU.Percent, s.CPU.Cores = cpu(i), 4
		s.Mem.TotalBytes, s.Mem.Percent = 8<<30, 40+10*math.Sin(float64(i)/300)
		s.Swap.Percent = 5
		s.Disks = []entity.DiskStat{{Mount: "/", Percent: 71}, {Mount: "/data", Percent: 86}}
		s.Load.Load1 = 1 + s.CPU.Percent/25
		r.Append(s)
	}
}

func testRing() *engine.Ring {
	r := engine.NewRing(3000)
	gaps := map[int]bool{}
	for i := 1200; i < 1230; i++ {
		gaps[i] = true
	}
	fill(r, "web-01", 2160, 10*time.Second, func(i int) float64 {
		if i == 1500 {
			return 97
		}
		return 30 + 25*math.Sin(float64(i)/150)
	}, gaps)
	fill(r, "数据库-02", 2160, 10*time.Second, func(i int) float64 { return 12 + 5*math.Sin(float64(i)/40) }, nil)
	return r
}

func TestBuild(t *testing.T) {
	r := testRing()
	end := t0.Add(2159 * 10 * time.Second)
	rep, err := Build(context.Background(), r, Options{Now: end, Hosts: []string{"web-01", "数据库-02", "ghost"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Hosts) != 3 {
		t.Fatalf("got %d hosts", len(rep.Hosts))
	}
	web := rep.Hosts[0]
	cpu, ok := web.Stat(entity.MetricCPU)
	if !ok {
		t.Fatal("no cpu stat")
	}
	if cpu.Peak != 97 || !cpu.PeakAt.Equal(t0.Add(1500*10*time.Second)) {
		t.Errorf("peak = %v at %v, want 97 at poll 1500", cpu.Peak, cpu.PeakAt)
	}
	if cpu.PeakLevel != entity.LevelHigh {
		t.Errorf("peak level = %v", cpu.PeakLevel)
	}
	if cpu.Gaps != 30 || cpu.Samples != 2130 {
		t.Errorf("samples %d gaps %d, want 2130 and 30", cpu.Samples, cpu.Gaps)
	}
	if math.Abs(cpu.Average-30) > 3 {
		t.Errorf("average = %v, want about 30", cpu.Average)
	}
	disk, _ := web.Stat(entity.MetricDiskMax)
	if disk.Current != 86 || web.DiskMount != "/data" || disk.Level != entity.LevelHigh {
		t.Errorf("disk = %v on %q level %v", disk.Current, web.DiskMount, disk.Level)
	}
	load, _ := web.Stat(entity.MetricLoad1)
	if load.Percent || web.Cores != 4 {
		t.Errorf("load stat = %+v, cores %d", load, web.Cores)
	}
	if web.Stale {
		t.Error("web-01 is stale")
	}
	if len(web.Stats) != len(Metrics) {
		t.Errorf("got %d stats, want %d", len(web.Stats), len(Metrics))
	}
	if got := rep.Hosts[2]; got.Error == "" || len(got.Stats) != 0 {
		t.Errorf("unknown host: %+v", got)
	}
	// All hosts, from the ring.
	rep, err = Build(context.Background(), r, Options{Now: end.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Hosts) != 2 || !rep.Hosts[0].Stale {
		t.Errorf("hosts %d, stale %v", len(rep.Hosts), rep.Hosts[0].Stale)
	}
	if _, err := Build(context.Background(), engine.NewRing(10), Options{}); err == nil {
		t.Error("an empty store built a report")
	}
}

func TestRenderPNG(t *testing.T) {
	r := testRing()
	end := t0.Add(2159 * 10 * time.Second)
	for _, tt := range []struct {
		name string
		lang string
		opts ImageOptions
	}{
		{name: "en", opts: ImageOptions{Location: time.UTC}},
		{name: "zh", opts: ImageOptions{Lang: "zh", Location: time.UTC,
			Charts: []entity.Metric{entity.MetricCPU, entity.MetricMem, entity.MetricDiskMax}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Build(context.Background(), r, Options{Now: end})
			if err != nil {
				t.Fatal(err)
			}
			b, err := RenderPNG(rep, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > MaxPNGBytes {
				t.Errorf("PNG is %d bytes", len(b))
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width != 1080 {
				t.Errorf("width %d, want 1080", cfg.Width)
			}
			if *keep {
				os.MkdirAll(filepath.Join("testdata", "out"), 0o755)
				os.WriteFile(filepath.Join("testdata", "out", "report-"+tt.name+".png"), b, 0o644)
			}
		})
	}
}

func TestRenderPNGShrinksToFit(t *testing.T) {
	r := testRing()
	rep, err := Build(context.Background(), r, Options{Now: t0.Add(6 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	full, err := RenderPNG(rep, ImageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	small, err := RenderPNG(rep, ImageOptions{MaxBytes: len(full) * 3 / 4})
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := png.DecodeConfig(bytes.NewReader(small))
	if len(small) > len(full)*3/4 || cfg.Width >= 1080 {
		t.Errorf("shrunk image: %d bytes, width %d", len(small), cfg.Width)
	}
	if _, err := RenderPNG(rep, ImageOptions{MaxBytes: 1000}); err == nil {
		t.Error("no error for an impossible size")
	}
}

func TestAlertPNG(t *testing.T) {
	r := testRing()
	at := t0.Add(1510 * 10 * time.Second)
	b, err := AlertPNG(r, "web-01", at, AlertChartOptions{Lang: "zh", Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width != 900 || cfg.Height != 400 {
		t.Fatalf("alert png %v %v", cfg, err)
	}
	if *keep {
		os.MkdirAll(filepath.Join("testdata", "out"), 0o755)
		os.WriteFile(filepath.Join("testdata", "out", "alert.png"), b, 0o644)
	}
	if _, err := AlertPNG(r, "web-01", at, AlertChartOptions{Metrics: []entity.Metric{"cpu", "net_rx"}}); err == nil {
		t.Error("mixed units accepted")
	}
}

func TestWriteText(t *testing.T) {
	r := testRing()
	rep, _ := Build(context.Background(), r, Options{Now: t0.Add(2159 * 10 * time.Second), Hosts: []string{"web-01", "nope"}})
	var b strings.Builder
	if err := WriteText(&b, rep, time.UTC, i18n.EN); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"web-01", "97.0 %", "Fullest disk /data", "86.0 %", "nope", "no data for this host"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
}

// noLatest is a store that holds samples but no latest snapshot, as the
// history does in the first minute after a daemon's start.
type noLatest struct{ engine.Store }

func (noLatest) Latest(string) (entity.Snapshot, bool) { return entity.Snapshot{}, false }

// TestBuildWithoutLatest: a host with samples in the period was polled,
// latest snapshot or not: its last sample dates it (the text said "never
// polled" above its figures).
func TestBuildWithoutLatest(t *testing.T) {
	r := engine.NewRing(100)
	fill(r, "web-01", 60, 10*time.Second, func(int) float64 { return 20 }, nil)
	last := t0.Add(59 * 10 * time.Second)
	rep, err := Build(context.Background(), noLatest{r}, Options{Now: last.Add(5 * time.Second), Period: time.Hour,
		Hosts: []string{"web-01"}})
	if err != nil {
		t.Fatal(err)
	}
	h := rep.Hosts[0]
	if !h.LastSeen.Equal(last) || h.Stale || len(h.Stats) == 0 {
		t.Errorf("last seen %v (want %v), stale %v, %d figures", h.LastSeen, last, h.Stale, len(h.Stats))
	}
	var b strings.Builder
	if err := WriteText(&b, rep, time.UTC, i18n.EN); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "never polled") {
		t.Errorf("text:\n%s", b.String())
	}
}
