package chart

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/golden")

var t0 = time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC)

// embeddedOnly draws with the fonts built into the binary, so the goldens
// do not depend on the fonts of the machine running the tests.
func embeddedOnly(t testing.TB) *Fonts {
	fs, err := LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// sixHours is the seeds' long window: 2160 points at 10 s, with a burst
// above 80 % and a 5-minute outage.
func sixHours() []entity.Point {
	pts := make([]entity.Point, 2160)
	for i := range pts {
		v := 35 + 25*math.Sin(float64(i)/170) + 6*math.Sin(float64(i)/9)
		switch {
		case i >= 1500 && i < 1540:
			v = 88 + 4*math.Sin(float64(i))
		case i >= 900 && i < 930:
			v = math.NaN()
		}
		pts[i] = entity.Point{T: t0.Add(time.Duration(i) * 10 * time.Second), V: math.Max(0, v)}
	}
	return pts
}

// fiveMinutes is the alert window: 30 points at 10 s.
func fiveMinutes(phase float64, gap int) []entity.Point {
	pts := make([]entity.Point, 30)
	for i := range pts {
		v := 50 + 48*math.Sin(float64(i)/3+phase)
		if i == gap {
			v = math.NaN()
		}
		pts[i] = entity.Point{T: t0.Add(time.Duration(i) * 10 * time.Second), V: v}
	}
	return pts
}

func TestGolden(t *testing.T) {
	fonts := embeddedOnly(t)
	for _, th := range []Theme{Light, Dark} {
		cases := []struct {
			name  string
			chart Chart
		}{
			{"bars", Chart{Title: "web-01 CPU 使用率（近 6 小时）", Kind: KindBars,
				Series: []Series{{Name: "CPU", Points: sixHours()}}}},
			{"smooth", Chart{Title: "数据库-02 近 5 分钟", Kind: KindSmooth,
				Series: []Series{{Name: "CPU", Points: fiveMinutes(0, 14)}, {Name: "内存", Points: fiveMinutes(2, -1)}}}},
		}
		for _, tc := range cases {
			name := tc.name + "-" + th.Name
			t.Run(name, func(t *testing.T) {
				c := tc.chart
				c.Theme, c.Fonts, c.Location = &th, fonts, time.UTC
				img, err := c.Render(900, 400)
				if err != nil {
					t.Fatal(err)
				}
				assertGolden(t, name, img)
			})
		}
	}
}

// assertGolden compares img with testdata/golden/NAME.png, tolerating
// small differences (anti-aliasing, font rasterizer versions): a pixel
// differs when a channel is off by more than 64, and up to 0.5 % of
// pixels may differ. A failing image is written to testdata/failed/.
func assertGolden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".png")
	if *update {
		b, err := PNG(img)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("size %v, golden %v", img.Bounds(), want.Bounds())
	}
	diff := 0
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			a := img.RGBAAt(x, y)
			r, g, b, _ := want.At(x, y).RGBA()
			if absDiff(a.R, uint8(r>>8)) > 64 || absDiff(a.G, uint8(g>>8)) > 64 || absDiff(a.B, uint8(b>>8)) > 64 {
				diff++
			}
		}
	}
	total := img.Rect.Dx() * img.Rect.Dy()
	if diff*200 > total {
		os.MkdirAll(filepath.Join("testdata", "failed"), 0o755)
		b, _ := PNG(img)
		os.WriteFile(filepath.Join("testdata", "failed", name+".png"), b, 0o644)
		t.Errorf("%d of %d pixels differ from %s; see testdata/failed/%s.png", diff, total, path, name)
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestChineseIsDrawn checks that the title's hanzi put ink on the image
// with every font set: the embedded one, and the system's when present.
func TestChineseIsDrawn(t *testing.T) {
	sets := map[string]*Fonts{"embedded": embeddedOnly(t), "default": DefaultFonts()}
	for name, fs := range sets {
		t.Run(name, func(t *testing.T) {
			for _, r := range "服务器监测报告内存磁盘负载" {
				fs.mu.Lock()
				g := fs.glyph(15*64, r)
				fs.mu.Unlock()
				if g.mask == nil || ink(g.mask) < 10 {
					t.Errorf("%q has no glyph in %v", r, fs.Names())
				}
			}
		})
	}
}

func ink(a *image.Alpha) int {
	n := 0
	for _, v := range a.Pix {
		if v > 128 {
			n++
		}
	}
	return n
}

func TestSystemFontPreferred(t *testing.T) {
	const noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
	if _, err := os.Stat(noto); err != nil {
		t.Skip("fonts-noto-cjk is not installed")
	}
	fs, err := LoadFonts(noto)
	if err != nil {
		t.Fatal(err)
	}
	if got := fs.Names()[0]; got != "Noto Sans CJK SC ("+noto+")" {
		t.Errorf("first font = %q, want the SC member of the collection", got)
	}
	if _, err := LoadFonts("/nonexistent.ttf"); err == nil {
		t.Error("a missing font file is not an error")
	}
}

// TestSmoothStaysInRange is the property the seeds' B-spline lacks: on any
// data, the smoothed curve stays within [min, max] of the input, and within
// each pair of neighbouring inputs.
func TestSmoothStaysInRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		n := 3 + rng.IntN(60)
		pts := make([]entity.Point, n)
		tt := t0
		for i := range pts {
			tt = tt.Add(time.Duration(1+rng.IntN(20)) * time.Second)
			v := rng.Float64() * 100
			switch rng.IntN(5) {
			case 0:
				v = 0
			case 1:
				v = 100
			}
			pts[i] = entity.Point{T: tt, V: v}
		}
		out := Smooth(pts, 10+rng.IntN(500))
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range pts {
			lo, hi = math.Min(lo, p.V), math.Max(hi, p.V)
		}
		j := 0
		for _, p := range out {
			if p.V < lo || p.V > hi || math.IsNaN(p.V) {
				t.Fatalf("trial %d: smoothed %v outside [%v, %v]", trial, p.V, lo, hi)
			}
			for j < len(pts)-2 && p.T.After(pts[j+1].T) {
				j++
			}
			a, b := pts[j].V, pts[j+1].V
			if p.V < math.Min(a, b)-1e-9 || p.V > math.Max(a, b)+1e-9 {
				t.Fatalf("trial %d: smoothed %v at %v outside its neighbours %v and %v", trial, p.V, p.T, a, b)
			}
		}
		if !out[0].T.Equal(pts[0].T) || !out[len(out)-1].T.Equal(pts[n-1].T) || out[0].V != pts[0].V {
			t.Fatalf("trial %d: ends moved", trial)
		}
	}
}

func TestSmoothShortInput(t *testing.T) {
	two := []entity.Point{{T: t0, V: 1}, {T: t0.Add(time.Second), V: 2}}
	if got := Smooth(two, 100); len(got) != 2 {
		t.Errorf("2 points smoothed to %d", len(got))
	}
	dup := []entity.Point{{T: t0, V: 1}, {T: t0, V: 2}, {T: t0, V: 3}}
	if got := Smooth(dup, 100); len(got) != 3 {
		t.Errorf("3 points at one time smoothed to %d", len(got))
	}
}

func TestRuns(t *testing.T) {
	nan := math.NaN()
	at := func(s int, v float64) entity.Point {
		return entity.Point{T: t0.Add(time.Duration(s) * time.Second), V: v}
	}
	tests := []struct {
		name string
		pts  []entity.Point
		gap  time.Duration
		want []int // lengths of the runs
	}{
		{name: "none", pts: nil, want: nil},
		{name: "one run", pts: []entity.Point{at(0, 1), at(10, 2), at(20, 3)}, gap: 30 * time.Second, want: []int{3}},
		{name: "NaN splits", pts: []entity.Point{at(0, 1), at(10, nan), at(20, 3), at(30, 4)}, want: []int{1, 2}},
		{name: "silence splits", pts: []entity.Point{at(0, 1), at(10, 2), at(100, 3)}, gap: 30 * time.Second, want: []int{2, 1}},
		{name: "leading and trailing NaN", pts: []entity.Point{at(0, nan), at(10, 2), at(20, nan)}, want: []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := Runs(tt.pts, tt.gap)
			var got []int
			for _, r := range runs {
				got = append(got, len(r))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("runs %v, want %v", got, tt.want)
			}
		})
	}
}

// TestDownsampleKeepsPeaks: every sample that is the highest (or lowest)
// within a bucket's length on both sides survives engine.Downsample, which
// the curves use for dense runs.
func TestDownsampleKeepsPeaks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 60 {
		n := 500 + rng.IntN(5000)
		pts := make([]entity.Point, n)
		for i := range pts {
			pts[i] = entity.Point{T: t0.Add(time.Duration(i) * time.Second), V: rng.Float64() * 100}
			if rng.IntN(500) == 0 {
				pts[i].V = math.NaN()
			}
		}
		maxPts := 100 + rng.IntN(1800)
		out := engine.Downsample(pts, maxPts)
		kept := map[time.Time]bool{}
		for _, p := range out {
			kept[p.T] = true
		}
		buckets := maxPts / 3
		k := n/buckets + 1
		for i, p := range pts {
			if math.IsNaN(p.V) {
				continue
			}
			peak, trough := true, true
			for j := max(0, i-k); j <= min(n-1, i+k); j++ {
				if j == i || math.IsNaN(pts[j].V) {
					continue
				}
				peak = peak && pts[j].V < p.V
				trough = trough && pts[j].V > p.V
			}
			if (peak || trough) && !kept[p.T] {
				t.Fatalf("trial %d: local extreme %v at %d lost (n=%d, max=%d)", trial, p.V, i, n, maxPts)
			}
		}
	}
}

// TestBarColumnsKeepPeaks: with far more points than columns, each column
// shows exactly the highest value among the points that fall in it.
func TestBarColumnsKeepPeaks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 50 {
		n := 1000 + rng.IntN(90000)
		w := 100 + rng.IntN(1000)
		pts := make([]entity.Point, n)
		for i := range pts {
			pts[i] = entity.Point{T: t0.Add(time.Duration(i) * time.Second), V: rng.Float64() * 100}
		}
		to := pts[n-1].T.Add(time.Second)
		cols, _ := barColumns(pts, t0, to, w, time.Second)
		want := make([]float64, w)
		for i := range want {
			want[i] = math.Inf(-1)
		}
		for _, p := range pts {
			c := int(float64(p.T.Sub(t0)) / float64(to.Sub(t0)) * float64(w))
			want[c] = math.Max(want[c], p.V)
		}
		for c := range w {
			if cols[c] < want[c] {
				t.Fatalf("trial %d: column %d shows %v, its highest point is %v", trial, c, cols[c], want[c])
			}
		}
	}
}

// TestGapsStayEmpty: an outage is drawn as nothing, in both forms.
func TestGapsStayEmpty(t *testing.T) {
	fonts := embeddedOnly(t)
	pts := sixHours() // points 900–929 are NaN: 08:30 to 08:35
	cols, _ := barColumns(pts, t0, pts[len(pts)-1].T.Add(10*time.Second), 2160, 10*time.Second)
	for c := 901; c < 929; c++ {
		if !math.IsNaN(cols[c]) {
			t.Fatalf("bar column %d in the outage shows %v", c, cols[c])
		}
	}
	// The curve: no pixel of the line's colour in the middle of the gap.
	line := fiveMinutes(0, -1)
	for i := 12; i < 18; i++ {
		line[i].V = math.NaN()
	}
	c := Chart{Kind: KindSmooth, Series: []Series{{Name: "CPU", Points: line, Color: color.RGBA{255, 0, 255, 255}}},
		Fonts: fonts, Location: time.UTC, NoLegend: true}
	img, err := c.Render(900, 400)
	if err != nil {
		t.Fatal(err)
	}
	d := c.newDrawing(img, img.Rect)
	d.layout()
	mid := int(d.x(t0.Add(150 * time.Second)))
	for x := mid - 20; x <= mid+20; x++ {
		for y := d.plot.Min.Y; y < d.plot.Max.Y; y++ {
			if p := img.RGBAAt(x, y); p.R > 200 && p.G < 100 && p.B > 200 {
				t.Fatalf("line drawn across the gap at (%d, %d)", x, y)
			}
		}
	}
}

func TestRenderEdgeCases(t *testing.T) {
	fonts := embeddedOnly(t)
	one := []entity.Point{{T: t0, V: 42}}
	tests := []struct {
		name    string
		chart   Chart
		w, h    int
		wantErr error
	}{
		{name: "no series", chart: Chart{Title: "空"}, w: 300, h: 200},
		{name: "empty series", chart: Chart{Series: []Series{{}}}, w: 300, h: 200},
		{name: "all NaN", chart: Chart{Kind: KindSmooth, Series: []Series{{Points: []entity.Point{{T: t0, V: math.NaN()}}}}}, w: 300, h: 200},
		{name: "one point bars", chart: Chart{Series: []Series{{Points: one}}}, w: 300, h: 200},
		{name: "one point curve", chart: Chart{Kind: KindSmooth, Series: []Series{{Points: one}}}, w: 300, h: 200},
		{name: "tiny", chart: Chart{Series: []Series{{Points: one}}}, w: MinWidth, h: MinHeight},
		{name: "too small", chart: Chart{}, w: 10, h: 10, wantErr: ErrTooSmall},
		{name: "bars with two series", chart: Chart{Series: []Series{{}, {}}}, w: 300, h: 200, wantErr: ErrBarsOneSerie},
		{name: "bytes", chart: Chart{Unit: UnitBytesPerSecond, Kind: KindSmooth, Series: []Series{{Name: "rx", Points: []entity.Point{{T: t0, V: 3e6}, {T: t0.Add(time.Minute), V: 9e7}}}}}, w: 400, h: 200},
		{name: "values beyond 100 %", chart: Chart{Series: []Series{{Points: []entity.Point{{T: t0, V: 150}, {T: t0.Add(time.Second), V: -5}}}}}, w: 300, h: 200},
		{name: "big scale", chart: Chart{Title: "很长的标题很长的标题很长的标题", Scale: 3, Kind: KindSmooth, Series: []Series{{Name: "a", Points: fiveMinutes(0, -1)}, {Name: "b", Points: fiveMinutes(1, -1)}}}, w: 400, h: 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.chart
			c.Fonts = fonts
			img, err := c.Render(tt.w, tt.h)
			if tt.wantErr != nil {
				if err == nil || !errorsIs(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if img.Rect.Dx() != tt.w || img.Rect.Dy() != tt.h {
				t.Errorf("size %v", img.Rect)
			}
		})
	}
}

func TestValueAxis(t *testing.T) {
	tests := []struct {
		name    string
		unit    Unit
		max     float64
		wantTop float64
		wantLbl string // label of the top tick
	}{
		{name: "percent", unit: UnitPercent, max: 42, wantTop: 100, wantLbl: "100%"},
		{name: "bytes", unit: UnitBytesPerSecond, max: 3.5 * 1024 * 1024, wantTop: 4 * 1024 * 1024, wantLbl: "4 MiB/s"},
		{name: "small bytes", unit: UnitBytesPerSecond, max: 700, wantTop: 800, wantLbl: "800 B/s"},
		{name: "load", unit: UnitNumber, max: 3.2, wantTop: 4, wantLbl: "4"},
		{name: "zero", unit: UnitNumber, max: 0, wantTop: 1, wantLbl: "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ax := makeValueAxis(tt.unit, tt.max, 0, 6)
			last := ax.ticks[len(ax.ticks)-1]
			if ax.top != tt.wantTop || last.label != tt.wantLbl {
				t.Errorf("top %v label %q, want %v %q", ax.top, last.label, tt.wantTop, tt.wantLbl)
			}
		})
	}
}

func TestTimeTicks(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name      string
		from, to  time.Time
		loc       *time.Location
		max       int
		wantFirst string
		wantStep  time.Duration
	}{
		{name: "six hours", from: t0.Add(-7 * time.Minute), to: t0.Add(6 * time.Hour), loc: time.UTC, max: 8, wantFirst: "06:00", wantStep: time.Hour},
		{name: "five minutes", from: t0.Add(5 * time.Second), to: t0.Add(5 * time.Minute), loc: time.UTC, max: 6, wantFirst: "06:01", wantStep: time.Minute},
		{name: "thirty seconds", from: t0, to: t0.Add(30 * time.Second), loc: time.UTC, max: 4, wantFirst: "06:00:00", wantStep: 10 * time.Second},
		{name: "midnight shows the date", from: t0.Add(10 * time.Hour), to: t0.Add(22 * time.Hour), loc: shanghai, max: 5, wantFirst: "05-02", wantStep: 3 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ticks := timeTicks(tt.from, tt.to, tt.loc, tt.max)
			if len(ticks) < 2 || len(ticks) > tt.max {
				t.Fatalf("%d ticks: %v", len(ticks), ticks)
			}
			if ticks[0].label != tt.wantFirst || time.Duration(ticks[1].v-ticks[0].v)*time.Second != tt.wantStep {
				t.Errorf("ticks %v", ticks)
			}
		})
	}
	ticks := timeTicks(t0.Add(10*time.Hour), t0.Add(22*time.Hour), shanghai, 5)
	found := false
	for _, tk := range ticks {
		found = found || tk.label == "05-02"
	}
	if !found {
		t.Errorf("no date label at midnight: %v", ticks)
	}
}

func TestPNGRoundTrip(t *testing.T) {
	c := Chart{Series: []Series{{Points: sixHours()}}, Fonts: embeddedOnly(t)}
	img, err := c.Render(900, 400)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PNG(img)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
}

// TestValueLabelsRounded: tick labels never show floating-point noise.
func TestValueLabelsRounded(t *testing.T) {
	for _, top := range []float64{0.6, 0.61, 1.3, 7.7, 0.07, 1234} {
		ax := valueTicksForTest(top)
		for _, l := range ax {
			if len(l) > 8 {
				t.Errorf("top %v: label %q", top, l)
			}
		}
	}
}

func valueTicksForTest(top float64) []string {
	var out []string
	for _, tk := range makeValueAxis(UnitNumber, top, 0, 6).ticks {
		out = append(out, tk.label)
	}
	return out
}
