package views

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"lookout/internal/i18n"
)

// AlertRow is one alert event as the alerts screen lists it.
type AlertRow struct {
	ID, Host, Rule string
	Severity       string // "warning", "critical", "" (resolved)
	Kind           string // firing, repeat, flapping, resolved, acknowledged
	Text           string // value and threshold, or the note
	Since, At      time.Time
	Acked          bool
	Silenced       bool
	// Source names the outside source (an Alertmanager) the alert comes
	// from; "" for Lookout's own. Its ID is the alert's fingerprint there.
	Source string
}

// ChannelRow is one channel's delivery state.
type ChannelRow struct {
	Name   string
	Queued int
	Dead   int
	LastOK time.Time
	// Err is the service's last refusal; Permanent that retrying will not
	// help (a bad key).
	Err       string
	Permanent bool
}

// AlertsView lists the open alerts (with acknowledge and silence), the
// recent events and the channels' delivery state.
type AlertsView struct {
	widget.BaseWidget
	OnAcknowledge func(id string)
	OnSilence     func(host, rule string, d time.Duration)
	OnSnooze      func(d time.Duration)
	OnResume      func()
	// OnSourceSilence and OnSourceClear silence an outside source's alert
	// there, and expire the silences that hold it (alerts_source.go).
	OnSourceSilence func(a AlertRow, d time.Duration)
	OnSourceClear   func(a AlertRow)

	lang    i18n.Lang
	now     func() time.Time
	box     *fyne.Container
	snoozed time.Time
}

// NewAlertsView returns an empty alerts screen.
func NewAlertsView(lang i18n.Lang) *AlertsView {
	v := &AlertsView{lang: lang, now: time.Now, box: container.NewVBox()}
	v.ExtendBaseWidget(v)
	return v
}

// SetClock replaces time.Now (tests).
func (v *AlertsView) SetClock(now func() time.Time) { v.now = now }

func (v *AlertsView) t(k string, a ...any) string { return i18n.T(v.lang, k, a...) }

// CreateRenderer implements fyne.Widget.
func (v *AlertsView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVScroll(v.box))
}

// Set shows new lists. Call it on the UI goroutine.
func (v *AlertsView) Set(active, recent []AlertRow, channels []ChannelRow, snoozedUntil time.Time) {
	v.snoozed = snoozedUntil
	var objs []fyne.CanvasObject
	objs = append(objs, v.snoozeBar())
	objs = append(objs, heading(v.t("Active alerts")))
	if len(active) == 0 {
		objs = append(objs, widget.NewLabel(v.t("No alert is firing.")))
	}
	for _, a := range active {
		objs = append(objs, v.activeRow(a))
	}
	objs = append(objs, heading(v.t("Channels")))
	if len(channels) == 0 {
		objs = append(objs, widget.NewLabel(v.t("No channel: alerts go nowhere but this window. Add one in Settings.")))
	}
	for _, c := range channels {
		objs = append(objs, v.channelRow(c))
	}
	objs = append(objs, heading(v.t("Recent events")))
	if len(recent) == 0 {
		objs = append(objs, widget.NewLabel(v.t("Nothing yet.")))
	}
	for i := len(recent) - 1; i >= 0; i-- {
		objs = append(objs, v.eventRow(recent[i]))
	}
	v.box.Objects = objs
	v.box.Refresh()
}

func heading(s string) fyne.CanvasObject {
	l := widget.NewLabel(s)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

func (v *AlertsView) snoozeBar() fyne.CanvasObject {
	status := widget.NewLabel(v.t("Alerts are on."))
	if !v.snoozed.IsZero() && v.snoozed.After(v.now()) {
		status.SetText(v.t("Alerts snoozed until %s.", v.snoozed.Local().Format("15:04")))
		status.Importance = widget.WarningImportance
	}
	b15 := widget.NewButton(v.t("Snooze 15 min"), func() { v.call(v.OnSnooze, 15*time.Minute) })
	b1h := widget.NewButton(v.t("Snooze 1 h"), func() { v.call(v.OnSnooze, time.Hour) })
	resume := widget.NewButton(v.t("Resume"), func() {
		if v.OnResume != nil {
			v.OnResume()
		}
	})
	return container.NewHBox(status, layout.NewSpacer(), b15, b1h, resume)
}

func (v *AlertsView) call(f func(time.Duration), d time.Duration) {
	if f != nil {
		f(d)
	}
}

func sevColor(sev string) color.Color {
	switch sev {
	case "critical":
		return ColorHigh
	case "warning":
		return ColorMid
	}
	return ColorLow
}

func (v *AlertsView) activeRow(a AlertRow) fyne.CanvasObject {
	if a.Source != "" {
		return v.sourceRow(a)
	}
	dot := canvas.NewCircle(sevColor(a.Severity))
	dotBox := container.NewGridWrap(fyne.NewSize(12, 12), dot)
	text := fmt.Sprintf("%s · %s · %s — %s, %s", a.Host, i18n.RuleName(v.lang, a.Rule), v.t(a.Severity), a.Text,
		i18n.For(v.lang, v.now().Sub(a.Since)))
	if a.Acked {
		text += " · " + v.t("acknowledged")
	}
	if a.Silenced {
		text += " · " + v.t("silenced")
	}
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	ack := widget.NewButton(v.t("Acknowledge"), func() {
		if v.OnAcknowledge != nil {
			v.OnAcknowledge(a.ID)
		}
	})
	if a.Acked {
		ack.Disable()
	}
	silence := widget.NewButton(v.t("Silence 1 h"), func() {
		if v.OnSilence != nil {
			v.OnSilence(a.Host, a.Rule, time.Hour)
		}
	})
	return container.NewBorder(nil, nil, container.NewCenter(dotBox), container.NewHBox(ack, silence), label)
}

func (v *AlertsView) eventRow(a AlertRow) fyne.CanvasObject {
	kind := v.t(a.Kind)
	if a.Kind == "firing" || a.Kind == "repeat" {
		kind = v.t(a.Severity)
	}
	l := widget.NewLabel(fmt.Sprintf("%s  %s · %s · %s — %s", a.At.Local().Format("01-02 15:04:05"), a.Host, i18n.RuleName(v.lang, a.Rule), kind, a.Text))
	l.Wrapping = fyne.TextWrapWord
	if a.Silenced {
		l.Importance = widget.LowImportance
	}
	return l
}

func (v *AlertsView) channelRow(c ChannelRow) fyne.CanvasObject {
	state := v.t("ok")
	imp := widget.SuccessImportance
	switch {
	case c.Permanent:
		state, imp = v.t("failed: %s", c.Err), widget.DangerImportance
	case c.Err != "":
		state, imp = v.t("retrying: %s", c.Err), widget.WarningImportance
	case c.LastOK.IsZero():
		state, imp = v.t("nothing sent yet"), widget.MediumImportance
	default:
		state = v.t("sent %s", v.t("%s ago", i18n.Duration(v.lang, v.now().Sub(c.LastOK))))
	}
	if c.Queued > 0 {
		state += " · " + v.t("%d queued", c.Queued)
	}
	if c.Dead > 0 {
		state += " · " + v.t("%d failed (lookout outbox)", c.Dead)
		imp = widget.DangerImportance
	}
	l := widget.NewLabel(c.Name + i18n.Colon(v.lang) + state)
	l.Importance = imp
	l.Wrapping = fyne.TextWrapWord
	return l
}
