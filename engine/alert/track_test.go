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
