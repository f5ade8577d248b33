package notifier

import (
	"fmt"
	"testing"
)

func TestMergeAlerts(t *testing.T) {
	a := func(host string, sev Severity, resolved bool) Alert {
		return Alert{Host: host, Rule: "cpu", Metric: "cpu", Severity: sev, Resolved: resolved}
	}
	msgs := []*Message{
		{Alerts: []Alert{a("w1", Warning, false), a("w2", Warning, false)}},
		{Alerts: []Alert{a("w1", Critical, false), a("w3", Warning, true)}},
		{Alerts: []Alert{a("w2", Warning, true)}},
	}
	got := mergeAlerts(msgs)
	want := []string{"w1 critical false", "w2 warning true", "w3 warning true"}
	if len(got) != len(want) {
		t.Fatalf("got %d alerts, want %d: %v", len(got), len(want), got)
	}
	for i, g := range got {
		if s := fmt.Sprintf("%s %s %v", g.Host, g.Severity, g.Resolved); s != want[i] {
			t.Errorf("alert %d: %s, want %s", i, s, want[i])
		}
	}
}

func TestSplitAlerts(t *testing.T) {
	tests := []struct {
		name     string
		n, max   int
		wantLens []int
	}{
		{"one message", 25, 25, []int{25}},
		{"even halves", 45, 25, []int{22, 23}},
		{"three", 60, 25, []int{20, 20, 20}},
		{"default cap", 30, 0, []int{15, 15}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := splitAlerts(make([]Alert, tt.n), tt.max)
			if len(parts) != len(tt.wantLens) {
				t.Fatalf("%d parts, want %d", len(parts), len(tt.wantLens))
			}
			for i, p := range parts {
				if len(p) != tt.wantLens[i] {
					t.Errorf("part %d: %d alerts, want %d", i, len(p), tt.wantLens[i])
				}
			}
		})
	}
}
