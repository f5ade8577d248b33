package report

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/engine"
	"lookout/entity"
)

// fleetAlerts is an AlertSource of fixed events per host.
type fleetAlerts map[string][]Alert

func (f fleetAlerts) Alerts(host string, from, to time.Time) []Alert { return f[host] }

// fleet is n hosts over six hours at one-minute polls, as a new user
// tried it: one down since 10:00, one at 97 % CPU, one at 92 % memory,
// the rest normal; with alerts for the first three.
func fleet(n int) (*engine.Ring, fleetAlerts) {
	r := engine.NewRing(400)
	alerts := fleetAlerts{}
	for h := range n {
		name := fmt.Sprintf("web-%02d", h+1)
		if h%5 == 4 {
			name = fmt.Sprintf("数据库-%02d", h+1)
		}
		for i := range 360 {
			at := t0.Add(time.Duration(i) * time.Minute)
			if h == 0 && i >= 240 {
				r.AppendGap(name, at)
				continue
			}
			s := entity.Snapshot{Host: name, Time: at}
			s.CPU.Cores = 4
			s.CPU.Percent = 10 + float64(h%7)*3 + 5*math.Sin(float64(i+h*13)/20)
			s.Mem.TotalBytes, s.Mem.Percent = 8<<30, 35+float64(h%4)*5+3*math.Sin(float64(i)/50)
			s.Swap.Percent = 2
			s.Disks = []entity.DiskStat{{Mount: "/", Percent: 40 + float64(h%3)*10}}
			s.Load.Load1 = s.CPU.Percent / 25
			switch h {
			case 1:
				s.CPU.Percent = 97
			case 2:
				s.Mem.Percent = 92
			}
			r.Append(s)
		}
	}
	alerts[fmt.Sprintf("web-%02d", 1)] = []Alert{{ID: "a1", At: t0.Add(241 * time.Minute), Metric: "unreachable", Severity: "critical", Value: 1}}
	alerts[fmt.Sprintf("web-%02d", 2)] = []Alert{{ID: "a2", At: t0.Add(10 * time.Minute), Metric: "cpu", Severity: "critical", Value: 97}}
	alerts[fmt.Sprintf("web-%02d", 3)] = []Alert{
		{ID: "a3", At: t0.Add(30 * time.Minute), Metric: "mem", Severity: "warning", Value: 92},
		{ID: "a3", At: t0.Add(50 * time.Minute), Metric: "mem", Severity: "resolved", Value: 70},
	}
	return r, alerts
}

func buildFleet(t *testing.T, n int) *Report {
	t.Helper()
	ring, alerts := fleet(n)
	rep, err := Build(context.Background(), ring, Options{Now: t0.Add(6 * time.Hour), Alerts: alerts})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Hosts) != n {
		t.Fatalf("%d hosts in the report, want %d", len(rep.Hosts), n)
	}
	return rep
}

func TestFleetPages(t *testing.T) {
	tests := []struct {
		name     string
		hosts    int
		lang     string
		onePage  bool
		minPages int
	}{
		{name: "8 hosts en", hosts: 8, lang: "en", onePage: true},
		{name: "8 hosts zh", hosts: 8, lang: "zh", onePage: true},
		{name: "30 hosts", hosts: 30, lang: "en", minPages: 1},
		{name: "50 hosts", hosts: 50, lang: "zh", minPages: 2},
		{name: "200 hosts", hosts: 200, lang: "en", minPages: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := buildFleet(t, tt.hosts)
			o := ImageOptions{Lang: tt.lang, Location: time.UTC}
			pages, err := RenderPages(rep, o)
			if err != nil {
				t.Fatal(err)
			}
			if tt.onePage && len(pages) != 1 {
				t.Errorf("%d images, want one", len(pages))
			}
			if len(pages) < tt.minPages {
				t.Errorf("%d images, want at least %d", len(pages), tt.minPages)
			}
			for i, b := range pages {
				cfg, err := png.DecodeConfig(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Width > 1080 || cfg.Height > MaxImageHeight || len(b) > MaxPNGBytes {
					t.Errorf("image %d: %d×%d, %d bytes; want at most 1080×%d and %d bytes", i+1, cfg.Width, cfg.Height, len(b), MaxImageHeight, MaxPNGBytes)
				}
				t.Logf("image %d: %d×%d, %d KiB", i+1, cfg.Width, cfg.Height, len(b)/1024)
				if *keep {
					dir := filepath.Join("testdata", "out")
					os.MkdirAll(dir, 0o755)
					os.WriteFile(filepath.Join(dir, fmt.Sprintf("fleet-%d-%s-%d.png", tt.hosts, tt.lang, i+1)), b, 0o644)
				}
			}
		})
	}
}

// Every host is in the summary, worst first, and no page drops a row.
func TestFleetSummaryKeepsEveryHost(t *testing.T) {
	for _, n := range []int{8, 50} {
		rep := buildFleet(t, n)
		o := ImageOptions{Location: time.UTC}
		o.defaults()
		var rows []string
		for _, p := range chartPagesForTest(rep, o) {
			rows = append(rows, p...)
		}
		if len(rows) != n {
			t.Fatalf("%d hosts: %d rows in the summary", n, len(rows))
		}
		if got := strings.Join(rows[:3], ","); got != "web-01,web-02,web-03" {
			t.Errorf("%d hosts: first rows %s, want the down host, then the critical one, then the red one", n, got)
		}
	}
}

// chartPagesForTest returns the host names of the summary rows of each page.
func chartPagesForTest(rep *Report, o ImageOptions) [][]string {
	var out [][]string
	for _, page := range paginate(rep, o) {
		var names []string
		for _, p := range page {
			if p.Table != nil {
				for _, row := range p.Table.Rows {
					names = append(names, row[0].Text)
				}
			}
		}
		out = append(out, names)
	}
	return out
}

// TestCountWords: one of a thing is singular in English ("1 alert", "1
// host", "1 needs attention"), and Chinese has no plural.
func TestCountWords(t *testing.T) {
	tests := []struct {
		lang, key string
		n         int
		want      string
	}{
		{"en", "alerts", 1, "1 alert"}, {"en", "alerts", 2, "2 alerts"}, {"en", "hosts", 1, "1 host"},
		{"en", "attention", 1, "1 needs attention"}, {"en", "attention", 3, "3 need attention"},
		{"zh", "alerts", 1, "告警 1 次"}, {"zh", "hosts", 1, "1 台主机"},
	}
	for _, tt := range tests {
		if got := count(tt.lang, tt.key, tt.n); got != tt.want {
			t.Errorf("count(%s, %s, %d) = %q, want %q", tt.lang, tt.key, tt.n, got, tt.want)
		}
	}
}
