package engine

import (
	"math"
	"testing"
	"time"
)

func TestDeltasRate(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		values []float64
		gaps   []time.Duration
		want   []float64 // NaN: no rate
	}{
		{"steady", []float64{0, 100, 200}, []time.Duration{0, time.Second, 2 * time.Second}, []float64{math.NaN(), 100, 100}},
		{"counter reset is no rate", []float64{1000, 10, 20}, []time.Duration{0, time.Second, 2 * time.Second}, []float64{math.NaN(), math.NaN(), 10}},
		{"time did not advance", []float64{0, 10}, []time.Duration{0, 0}, []float64{math.NaN(), math.NaN()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDeltas()
			for i, v := range tt.values {
				got, ok := d.Rate("rx:eth0", v, t0.Add(tt.gaps[i]))
				if math.IsNaN(tt.want[i]) {
					if ok {
						t.Errorf("reading %d: rate %v, want none", i, got)
					}
					continue
				}
				if !ok || math.Abs(got-tt.want[i]) > 1e-9 {
					t.Errorf("reading %d: rate %v (ok %v), want %v", i, got, ok, tt.want[i])
				}
			}
		})
	}
}

func TestDeltasKeysDoNotMix(t *testing.T) {
	d := NewDeltas()
	t0 := time.Now()
	d.Rate("a", 0, t0)
	d.Rate("b", 1000, t0)
	if r, _ := d.Rate("a", 10, t0.Add(time.Second)); r != 10 {
		t.Errorf("a: %v, want 10", r)
	}
	if r, _ := d.Rate("b", 1100, t0.Add(time.Second)); r != 100 {
		t.Errorf("b: %v, want 100", r)
	}
}

func TestDeltasCPU(t *testing.T) {
	d := NewDeltas()
	if _, ok := d.CPU("cpu", CPUTimes{User: 10, Idle: 90}); ok {
		t.Fatal("first reading gave a percentage")
	}
	p, ok := d.CPU("cpu", CPUTimes{User: 40, System: 10, Idle: 140, IOWait: 10, Steal: 0})
	// delta: user 30, system 10, idle 50, iowait 10 = 100; busy = 40
	if !ok || p.Busy != 40 || p.User != 30 || p.System != 10 || p.IOWait != 10 {
		t.Errorf("got %+v ok=%v", p, ok)
	}
	if _, ok := d.CPU("cpu", CPUTimes{User: 1, Idle: 1}); ok {
		t.Error("counters going backwards gave a percentage")
	}
}

func TestDeltasForget(t *testing.T) {
	d := NewDeltas()
	t0 := time.Now()
	d.Rate("pid:1", 1, t0)
	d.Rate("pid:2", 1, t0)
	d.Rate("rx", 1, t0)
	d.Rate("pid:1", 2, t0.Add(time.Second))
	d.Forget("pid:", t0.Add(time.Second))
	if d.Len() != 2 {
		t.Errorf("after Forget %d series, want 2 (pid:1 and rx)", d.Len())
	}
}
