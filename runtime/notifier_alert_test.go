package runtime

import (
	"testing"
	"time"

	"lookout/engine"
	"lookout/engine/alert"
	"lookout/notifier"
)

// TestToNotifierAlertKinds: a reminder says it is one, a change of
// severity carries the severity it was.
func TestToNotifierAlertKinds(t *testing.T) {
	at := time.Date(2026, 12, 1, 14, 2, 0, 0, time.UTC)
	base := alert.Event{Host: "web-1", Key: "mem", Metric: "mem", Unit: "%", Start: at, At: at.Add(time.Hour)}
	tests := []struct {
		name         string
		kind         alert.Kind
		sev, prev    alert.Severity
		wantReminder bool
		wantSev      notifier.Severity
		wantWas      notifier.Severity
	}{
		{"firing", alert.KindFiring, alert.SeverityCritical, alert.SeverityNone, false, notifier.Critical, notifier.Info},
		{"reminder", alert.KindRepeat, alert.SeverityCritical, alert.SeverityNone, true, notifier.Critical, notifier.Info},
		{"downgrade", alert.KindFiring, alert.SeverityWarning, alert.SeverityCritical, false, notifier.Warning, notifier.Critical},
		{"escalation", alert.KindFiring, alert.SeverityCritical, alert.SeverityWarning, false, notifier.Critical, notifier.Warning},
		{"resolved", alert.KindResolved, alert.SeverityNone, alert.SeverityCritical, false, notifier.Critical, notifier.Info},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := base
			ev.Kind, ev.Severity, ev.PrevSeverity = tt.kind, tt.sev, tt.prev
			a := ToNotifierAlert(ev, engine.NewRing(1))
			if a.Reminder != tt.wantReminder || a.Severity != tt.wantSev || a.Was != tt.wantWas {
				t.Errorf("reminder %v severity %v was %v, want %v %v %v", a.Reminder, a.Severity, a.Was, tt.wantReminder, tt.wantSev, tt.wantWas)
			}
		})
	}
}
