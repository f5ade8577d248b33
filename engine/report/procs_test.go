package report

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"lookout/engine"
	"lookout/entity"
	"lookout/internal/i18n"
)

// crawler is a host whose python count steps 2..12 and whose CPU and
// memory follow it: 5 + 3.1 % CPU and 10 + 1.5 % memory per process.
func crawler(flat bool) *engine.Ring {
	r := engine.NewRing(400)
	for i := range 360 {
		n := 2 + (i/30)%11
		if flat {
			n = 7
		}
		s := entity.Snapshot{Host: "crawler", Time: t0.Add(time.Duration(i) * time.Minute)}
		s.CPU.Cores = 8
		s.CPU.Percent = 5 + 3.1*float64(n) + 0.5*math.Sin(float64(i))
		s.Mem.TotalBytes = 8 << 30
		s.Mem.Percent = 10 + 1.5*float64(n)
		s.Procs.Counts = map[string]int{"python": n}
		if i == 200 {
			s.CPU.Percent = 99
		}
		r.Append(s)
	}
	return r
}

func TestProcessCost(t *testing.T) {
	tests := []struct {
		name    string
		flat    bool
		wantFit bool
	}{
		{name: "varying count: the slope is recovered", wantFit: true},
		{name: "flat count: no fit", flat: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Build(context.Background(), crawler(tt.flat), Options{Now: t0.Add(6 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			h := rep.Hosts[0]
			if len(h.Procs) != 1 || h.Procs[0].Keyword != "python" {
				t.Fatalf("procs %+v: the history should hold procs_count:python", h.Procs)
			}
			pc := h.Procs[0]
			if !tt.wantFit {
				if len(pc.Fits) != 0 || CostLine(pc, "en") != "" {
					t.Errorf("a flat count fitted %+v", pc.Fits)
				}
				p, _ := procsPanel(rep, rep.Hosts, ImageOptions{})
				if !strings.Contains(strings.Join(p.Lines, "\n"), "too little change") {
					t.Errorf("panel %q", p.Lines)
				}
				return
			}
			if len(pc.Fits) != 2 {
				t.Fatalf("fits %+v", pc.Fits)
			}
			cpu, mem := pc.Fits[0], pc.Fits[1]
			if math.Abs(cpu.PerProc-3.1) > 0.1 || cpu.RSquared < 0.8 || cpu.RSquared > 1 {
				t.Errorf("cpu fit %+v, want ≈ 3.1 per process with R² near 1", cpu)
			}
			if mib := pc.PerProcBytes() / (1 << 20); math.Abs(mib-122.88) > 1 || math.Abs(mem.RSquared-1) > 1e-9 {
				t.Errorf("memory %.1f MiB per process, R² %v; want 122.9 MiB, 1", mib, mem.RSquared)
			}
			line := CostLine(pc, "en")
			if !strings.HasPrefix(line, "each python process ≈ 3.1 % CPU (R² 0.") || !strings.Contains(line, "123 MiB (R² 1.00)") {
				t.Errorf("line %q", line)
			}
			var b strings.Builder
			if err := WriteText(&b, rep, time.UTC, i18n.EN); err != nil || !strings.Contains(b.String(), "Processes  python 2–12  each python process ≈ 3.1 % CPU") {
				t.Errorf("text %v:\n%s", err, b.String())
			}
			// The report's text: the count at the CPU peak, the cost with its
			// fit quality and how many samples it rests on, in English and
			// Chinese.
			for lang, want := range map[i18n.Lang][]string{
				i18n.EN: {"09:20:00 (python 8)", "(R² 0.", "123 MiB (R² 1.00)", "fit on 360 samples"},
				i18n.ZH: {"09:20:00（python 8）", "python 2–12  每个 python 进程 ≈ 3.1 % CPU（R² 0.", "基于 360 个样本拟合"},
			} {
				var b strings.Builder
				if err := WriteText(&b, rep, time.UTC, lang); err != nil {
					t.Fatal(err)
				}
				for _, w := range want {
					if !strings.Contains(b.String(), w) {
						t.Errorf("%s text lacks %q:\n%s", lang, w, b.String())
					}
				}
			}
			if zh := CostLine(pc, "zh"); !strings.HasPrefix(zh, "每个 python 进程 ≈ 3.1 % CPU") {
				t.Errorf("zh line %q", zh)
			}
			// The count at the CPU peak (minute 200: 2 + 6 = 8 processes).
			c := hostChart(rep, h, ImageOptions{Charts: []entity.Metric{entity.MetricCPU}, Location: time.UTC})
			if c == nil || !strings.Contains(c.Title, "python 8") {
				t.Errorf("chart title %v", c)
			}
			if got := procsAt(h, t0.Add(200*time.Minute)); got != "python 8" {
				t.Errorf("count at the peak %q", got)
			}
		})
	}
}

// TestProcsOf: what the host detail shows of a crawler over its period:
// the count range, the fitted cost per process with R², and the count
// at the CPU and memory peaks, in English and Chinese.
func TestProcsOf(t *testing.T) {
	r := crawler(false)
	snap, _ := r.Latest("crawler")
	p := ProcsOf(r, "crawler", snap, t0, t0.Add(6*time.Hour))
	if len(p.Costs) != 1 || len(p.Costs[0].Fits) != 2 || len(p.Peaks) != 2 {
		t.Fatalf("procs %+v", p)
	}
	if n, ok := p.Costs[0].CountAt(t0.Add(200 * time.Minute)); !ok || n != 8 {
		t.Errorf("count at the CPU peak %d %v, want 8", n, ok)
	}
	for lang, want := range map[i18n.Lang][]string{
		i18n.EN: {"python 2–12, now ", "each python process ≈ 3.1 % CPU (R² 0.", "123 MiB (R² 1.00)", "CPU peak 99.0 % at 05-01 09:20: python 8", "Memory peak 28.0 % at "},
		i18n.ZH: {"python 2–12，当前 ", "每个 python 进程 ≈ 3.1 % CPU（R² 0.", "CPU峰值 99.0 %（05-01 09:20）：python 8", "内存峰值 28.0 %"},
	} {
		got := strings.Join(p.Lines(lang, time.UTC), "\n")
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lines lack %q:\n%s", lang, w, got)
			}
		}
	}
	flat := crawler(true)
	snap, _ = flat.Latest("crawler")
	if got := strings.Join(ProcsOf(flat, "crawler", snap, t0, t0.Add(6*time.Hour)).Lines(i18n.EN, time.UTC), "\n"); !strings.Contains(got, "too little change") {
		t.Errorf("flat count:\n%s", got)
	}
}
