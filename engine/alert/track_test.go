package alert

import (
	"slices"
	"testing"
	"time"
)

// TestSetRuleKeepsTheLatestSamples: a reload that changes sustain keeps the
// latest samples that fit the new window, oldest first.
func TestSetRuleKeepsTheLatestSamples(t *testing.T) {
	tests := []struct {
		name    string
		sustain int
		pushed  []float64
		to      int
		want    []float64
	}{
		{"shorter, ring full and wrapped", 3, []float64{1, 2, 3, 4, 5}, 2, []float64{4, 5}},
		{"shorter, ring not full", 5, []float64{1, 2}, 3, []float64{1, 2}},
		{"longer", 3, []float64{1, 2, 3, 4}, 5, []float64{2, 3, 4}},
		{"same", 3, []float64{1, 2, 3, 4}, 3, []float64{2, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTrack("cpu", &Rule{Sustain: tt.sustain})
			for _, v := range tt.pushed {
				tr.push(v, t0.Add(time.Duration(v)*time.Second))
			}
			tr.setRule(&Rule{Sustain: tt.to})
			if got := tr.latest(tr.n); !slices.Equal(got, tt.want) {
				t.Errorf("samples %v, want %v", got, tt.want)
			}
			tr.push(9, t0)
			if got := tr.latest(1); got[0] != 9 {
				t.Errorf("after a push the latest is %v", got)
			}
		})
	}
}

// TestStartIsWhenTheConditionBegan: an alert's Start is the first sample
// over the threshold of the run that made it fire, not the moment its
// sustain and for were met, so a message says "for 2 min" of a condition
// that has held 2 min. A dip below the threshold before it fired starts
// the count again.
func TestStartIsWhenTheConditionBegan(t *testing.T) {
	tests := []struct {
		name      string
		rules     string
		samples   []float64 // one every 10 s from t0
		wantStart time.Duration
		wantHeld  time.Duration // the firing event's Duration
	}{
		{"for 2 min", "[rules]\nsustain = 1\n[rules.cpu]\nfor = \"2m\"\n", repeat(90, 14), 0, 130 * time.Second},
		{"sustain 3", "[rules]\nsustain = 3\n", repeat(90, 3), 0, 30 * time.Second},
		{"a dip starts it again", "[rules]\nsustain = 1\n[rules.cpu]\nfor = \"1m\"\n",
			append([]float64{90, 90, 90, 10}, repeat(90, 8)...), 40 * time.Second, 70 * time.Second},
		{"sustain 1, no for", "[rules]\nsustain = 1\n", []float64{10, 90}, 10 * time.Second, 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.rules)
			for _, v := range tt.samples {
				h.poll("web", cpu(v))
				h.tick(10 * time.Second)
			}
			if len(h.all) != 1 || h.all[0].Kind != KindFiring {
				t.Fatalf("events %v, want one firing", short(h.all))
			}
			ev := h.all[0]
			if !ev.Start.Equal(t0.Add(tt.wantStart)) || ev.Duration != tt.wantHeld {
				t.Errorf("start t0+%v, held %v; want t0+%v, %v", ev.Start.Sub(t0), ev.Duration, tt.wantStart, tt.wantHeld)
			}
		})
	}
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}
