package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"lookout/internal/i18n"
)

func TestIncidents(t *testing.T) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	end := at(360)
	tests := []struct {
		name   string
		alerts []Alert
		want   []Incident
	}{
		{name: "fired and resolved", alerts: []Alert{
			{ID: "a", At: at(10), Metric: "cpu", Severity: "warning", Value: 85},
			{ID: "a", At: at(20), Metric: "cpu", Severity: "critical", Value: 96},
			{ID: "a", At: at(40), Metric: "cpu", Severity: "resolved", Value: 20}},
			want: []Incident{{Key: "cpu", Severity: "critical", Start: at(10), End: at(40), Peak: 96}}},
		{name: "still open", alerts: []Alert{{ID: "b", At: at(100), Metric: "mem", Severity: "warning", Value: 91}},
			want: []Incident{{Key: "mem", Severity: "warning", Start: at(100), End: end, Open: true, Peak: 91}}},
		{name: "open since before the period", alerts: []Alert{{ID: "c", At: end, Start: at(-60), Metric: "unreachable", Severity: "critical", Value: 1}},
			want: []Incident{{Key: "unreachable", Severity: "critical", Start: at(-60), End: end, Open: true, Peak: 1}}},
		{name: "resolution only", alerts: []Alert{{ID: "d", At: at(5), Metric: "swap", Severity: "resolved"}},
			want: []Incident{{Key: "swap", Severity: "warning", Start: at(5), End: at(5)}}},
		{name: "same key twice", alerts: []Alert{
			{ID: "e1", At: at(1), Metric: "cpu", Severity: "warning", Value: 81},
			{ID: "e1", At: at(2), Metric: "cpu", Severity: "resolved"},
			{ID: "e2", At: at(3), Metric: "cpu", Severity: "warning", Value: 82}},
			want: []Incident{{Key: "cpu", Severity: "warning", Start: at(1), End: at(2), Peak: 81},
				{Key: "cpu", Severity: "warning", Start: at(3), End: end, Open: true, Peak: 82}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Incidents("h", tt.alerts, end)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				w := tt.want[i]
				w.Host = "h"
				if got[i] != w {
					t.Errorf("incident %d: got %+v, want %+v", i, got[i], w)
				}
			}
		})
	}
}

// The fleet's alerts: three incidents, the longest still open, and the
// image and the text both say so.
func TestReportAlertsSection(t *testing.T) {
	rep := buildFleet(t, 8)
	a := rep.Alerts
	if a.Count != 3 || len(a.Open) != 2 {
		t.Fatalf("count %d, open %d: %+v", a.Count, len(a.Open), a)
	}
	if a.Longest.Host != "web-02" || a.Longest.Key != "cpu" || a.Longest.Duration() != 350*time.Minute {
		t.Errorf("longest %+v", a.Longest)
	}
	if a.Open[0].Host != "web-02" || a.Open[1].Host != "web-01" {
		t.Errorf("open, longest first: %+v", a.Open)
	}
	for _, tt := range []struct{ name, lang, want string }{
		{name: "en", lang: "en", want: "Alerts: 3 · longest: web-02 CPU, 5 h 50 min · still open: 2"},
		{name: "zh", lang: "zh", want: "告警 3 次 · 最长：web-02 CPU，5 小时 50 分钟 · 仍未恢复：2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := alertsPanel(rep, ImageOptions{Lang: tt.lang})
			if len(p.Lines) != 3 || p.Lines[0] != tt.want {
				t.Errorf("lines %q, want first %q", p.Lines, tt.want)
			}
		})
	}
	var b bytes.Buffer
	if err := WriteText(&b, rep, time.UTC, i18n.EN); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Alerts  3", "still open: 2", "web-01 Unreachable"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
}
