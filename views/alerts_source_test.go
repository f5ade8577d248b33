package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"lookout/internal/i18n"
)

// walk calls f on every object under o; widgets are f's, not walked into.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	if x, ok := o.(*fyne.Container); ok {
		for _, c := range x.Objects {
			walk(c, f)
		}
	}
}

func TestSourceAlertRows(t *testing.T) {
	test.NewTempApp(t)
	v := NewAlertsView(i18n.EN)
	v.SetClock(func() time.Time { return now })
	var silenced, cleared []string
	v.OnSourceSilence = func(a AlertRow, d time.Duration) { silenced = append(silenced, a.Source+"/"+a.ID) }
	v.OnSourceClear = func(a AlertRow) { cleared = append(cleared, a.Source+"/"+a.ID) }
	v.Set([]AlertRow{
		{ID: "f1", Source: "team-am", Host: "db1:9100", Rule: "NodeDown", Severity: "critical", Text: "db1 is down", Since: now.Add(-time.Hour)},
		{ID: "f2", Source: "team-am", Host: "web1", Rule: "Disk /data", Severity: "warning", Text: "full", Silenced: true, Since: now},
		{Source: "other-am", Rule: "unreachable", Severity: "warning", Text: "connection refused"},
	}, nil, nil, time.Time{})
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(900, 600))

	var texts []string
	var buttons []*widget.Button
	walk(v.box, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			texts = append(texts, x.Text)
		case *widget.Button:
			buttons = append(buttons, x)
		}
	})
	all := strings.Join(texts, "\n")
	for _, want := range []string{"[team-am] db1:9100 · NodeDown · critical — db1 is down, for 1h",
		"[team-am] web1 · Disk /data · warning — full", "silenced", "[other-am] cannot be read: connection refused"} {
		if !strings.Contains(all, want) {
			t.Errorf("the alerts screen lacks %q:\n%s", want, all)
		}
	}
	for _, b := range buttons {
		switch b.Text {
		case "Silence 1 h", "Clear silence":
			test.Tap(b)
		case "Acknowledge":
			t.Error("an Alertmanager alert offers Acknowledge")
		}
	}
	if strings.Join(silenced, ",") != "team-am/f1" || strings.Join(cleared, ",") != "team-am/f2" {
		t.Errorf("silenced %v cleared %v; want f1 silenced and f2 cleared", silenced, cleared)
	}
}

func TestSourceSeverity(t *testing.T) {
	tests := []struct {
		name string
		rows []AlertRow
		want Severity
	}{
		{"none", nil, SeverityOK},
		{"Lookout's own do not count here", []AlertRow{{Severity: "critical"}}, SeverityOK},
		{"warning", []AlertRow{{Source: "am", Severity: "warning"}}, SeverityWarning},
		{"critical wins", []AlertRow{{Source: "am", Severity: "warning"}, {Source: "am", Severity: "critical"}}, SeverityCritical},
		{"silenced do not count", []AlertRow{{Source: "am", Severity: "critical", Silenced: true}}, SeverityOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SourceSeverity(tt.rows); got != tt.want {
				t.Errorf("SourceSeverity = %v, want %v", got, tt.want)
			}
		})
	}
}
