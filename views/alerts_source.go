package views

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"lookout/internal/human"
)

// SourceSeverity is the tray's state for the alerts of outside sources
// (Alertmanagers) that no silence holds: critical or warning as the worst
// of them, else ok.
func SourceSeverity(rows []AlertRow) Severity {
	s := SeverityOK
	for _, r := range rows {
		if r.Source == "" || r.Silenced {
			continue
		}
		switch r.Severity {
		case "critical":
			return SeverityCritical
		case "warning":
			s = SeverityWarning
		}
	}
	return s
}

// sourceRow is an alert of an outside source: marked with the source's
// name, with Silence (an Alertmanager silence of its labels) or Clear
// (expire the silences that hold it) instead of Acknowledge. A row with
// no ID says the source cannot be read, and has no buttons.
func (v *AlertsView) sourceRow(a AlertRow) fyne.CanvasObject {
	dot := canvas.NewCircle(sevColor(a.Severity))
	dotBox := container.NewGridWrap(fyne.NewSize(12, 12), dot)
	text := fmt.Sprintf("[%s] %s · %s · %s — %s", a.Source, a.Host, a.Rule, v.t(a.Severity), a.Text)
	if a.ID == "" {
		text = fmt.Sprintf("[%s] %s", a.Source, v.t("cannot be read: %s", a.Text))
	} else if !a.Since.IsZero() {
		text += ", " + v.t("for %s", human.Duration(v.now().Sub(a.Since)))
	}
	if a.Silenced {
		text += " · " + v.t("silenced")
	}
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	buttons := container.NewHBox()
	if a.ID != "" {
		if a.Silenced {
			buttons.Add(widget.NewButton(v.t("Clear silence"), func() {
				if v.OnSourceClear != nil {
					v.OnSourceClear(a)
				}
			}))
		} else {
			buttons.Add(widget.NewButton(v.t("Silence 1 h"), func() {
				if v.OnSourceSilence != nil {
					v.OnSourceSilence(a, time.Hour)
				}
			}))
		}
	}
	return container.NewBorder(nil, nil, container.NewCenter(dotBox), buttons, label)
}
