package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"lookout/engine/alert"
	"lookout/internal/i18n"
	"lookout/runtime"
	"lookout/views"
)

// desktopNotify shows a desktop notification (the desktop channel).
func (g *gui) desktopNotify(title, body string) {
	g.fa.SendNotification(fyne.NewNotification(title, body))
}

// hostAlert fills a host view's alert fields from the open alerts: the
// worst alert no silence holds, or, when silences hold them all, the
// worst of those with Silenced set. AlertText names the rule as people
// do ("Memory 92.0 %", "Process nginx missing").
func (g *gui) hostAlert(v *views.HostView) {
	if g.svc == nil {
		return
	}
	if g.svc.Alerts.HostSeverity(v.Name) == alert.SeverityNone {
		return
	}
	var loud, quiet *alert.Event
	for _, ev := range g.svc.Alerts.Active() {
		if ev.Host != v.Name {
			continue
		}
		pick := &loud
		if ev.Silence != "" {
			pick = &quiet
		}
		if *pick == nil || (ev.Severity == alert.SeverityCritical && (*pick).Severity != alert.SeverityCritical) {
			*pick = &ev
		}
	}
	ev := loud
	if ev == nil {
		ev, v.Silenced = quiet, quiet != nil
	}
	if ev == nil {
		return
	}
	v.Alert = string(ev.Severity)
	v.AlertText = alertText(*ev, g.lang)
}

// alertText says what an open alert is about in lang: "Memory 92.0 %",
// "Process nginx missing".
func alertText(ev alert.Event, lang i18n.Lang) string {
	name := i18n.RuleName(lang, ev.Key)
	switch {
	case ev.Metric != "":
		return name + " " + alert.FormatValue(ev.Value, ev.Unit)
	case ev.Note != "" && ev.Rule != "process":
		return name + i18n.Colon(lang) + ev.Note
	}
	return name
}

// refreshAlerts redraws the alerts screen, the host cards' alert marks
// and the tray. It runs on Fyne's goroutine.
func (g *gui) refreshAlerts() {
	if g.svc == nil || g.alerts == nil {
		return
	}
	var active, recent []views.AlertRow
	for _, ev := range g.svc.Alerts.Active() {
		active = append(active, alertRow(ev, g.lang))
	}
	active = append(active, g.sourceRows()...)
	for _, ev := range g.svc.Alerts.Recent(100) {
		recent = append(recent, alertRow(ev, g.lang))
	}
	n := g.svc.Notifier()
	queued, dead, _ := n.Outbox.List()
	var channels []views.ChannelRow
	for _, name := range n.Channels() {
		st := n.Status(name)
		row := views.ChannelRow{Name: name, LastOK: st.LastOK, Err: st.LastError, Permanent: st.Permanent}
		for _, e := range queued {
			if e.Channel == name {
				row.Queued++
			}
		}
		for _, e := range dead {
			if e.Channel == name {
				row.Dead++
			}
		}
		channels = append(channels, row)
	}
	until, _ := g.svc.Alerts.SnoozedUntil()
	g.alerts.Set(active, recent, channels, until)
	for name, v := range g.hosts {
		old := fmt.Sprint(v.Alert, v.AlertText, v.Silenced)
		v.Alert, v.AlertText, v.Silenced = "", "", false
		g.hostAlert(&v)
		if fmt.Sprint(v.Alert, v.AlertText, v.Silenced) != old {
			g.hosts[name] = v
			g.overview.Update(v)
		}
	}
	if g.tray != nil {
		g.tray.update()
	}
}

func alertRow(ev alert.Event, lang i18n.Lang) views.AlertRow {
	text := alert.FormatValue(ev.Value, ev.Unit)
	if ev.Metric != "" {
		if lang == i18n.ZH {
			text += "（" + alert.FormatValue(ev.Threshold, ev.Unit) + "）"
		} else {
			text += " (" + alert.FormatValue(ev.Threshold, ev.Unit) + ")"
		}
	}
	if n := i18n.Note(lang, ev.Key, ev.Note); ev.Metric == "" || n != "" {
		text = strings.TrimSpace(strings.TrimPrefix(text+" "+n, "1 "))
		if ev.Metric == "" {
			text = n
		}
	}
	sev := string(ev.Severity)
	if sev == "" {
		sev = string(ev.PrevSeverity)
	}
	return views.AlertRow{ID: ev.ID, Host: ev.Host, Rule: ev.Key, Severity: sev, Kind: string(ev.Kind),
		Text: text, Since: ev.Start, At: ev.At, Acked: ev.Acked, Silenced: ev.Silence != ""}
}

// snooze silences every alert for d (0 resumes).
func (g *gui) snooze(d time.Duration) {
	if g.svc == nil {
		return
	}
	var err error
	if d <= 0 {
		err = g.svc.Alerts.Resume()
	} else {
		_, err = g.svc.Alerts.Snooze(d)
	}
	if err != nil {
		g.env.Log.Error("snooze", "err", err)
	}
	g.snoozeSources(d)
	g.refreshAlerts()
}

// silence silences one host's rule for d.
func (g *gui) silence(host, rule string, d time.Duration) {
	if g.svc == nil {
		return
	}
	now := time.Now()
	_, err := g.svc.Alerts.AddSilence(alert.Silence{Hosts: []string{host}, Rules: []string{rule}, Start: now,
		End: now.Add(d), Source: "window", Comment: "silenced from the window"})
	if err != nil {
		g.env.Log.Error("silence", "err", err)
	}
	g.refreshAlerts()
}

func (g *gui) acknowledge(id string) {
	if g.svc == nil {
		return
	}
	if err := g.svc.Alerts.Acknowledge(id, "window"); err != nil {
		g.env.Log.Error("acknowledge", "err", err)
	}
	g.refreshAlerts()
}

// reportTimeout bounds how long "Send report to group" waits for the
// services' answers before it says the report is queued.
const reportTimeout = 45 * time.Second

// sendReport builds the report now, queues it for every channel that takes
// reports, waits for the services' answers and says what happened in a
// desktop notification: sent, or the service's error.
func (g *gui) sendReport() {
	if g.svc == nil {
		g.desktopNotify("Lookout", g.t("Report not sent: alerts and channels are off."))
		return
	}
	svc, ctx := g.svc, g.ctx
	go func() {
		ctx, cancel := context.WithTimeout(ctx, reportTimeout)
		defer cancel()
		ids, err := svc.SendReport(ctx)
		if err != nil && len(ids) == 0 {
			g.desktopNotify(g.t("Report not sent"), err.Error())
			return
		}
		g.desktopNotify(g.t("Report"), deliverySummary(svc.WaitDelivered(ctx, ids), g.t))
	}()
}

// deliverySummary says in one line per channel what became of a report.
func deliverySummary(ds []runtime.Delivery, t func(string, ...any) string) string {
	var lines []string
	for _, d := range ds {
		name := d.Channel
		if name == "" {
			name = t("the group")
		}
		switch {
		case d.Delivered:
			lines = append(lines, t("Report sent to %s.", name))
		case d.Dead:
			lines = append(lines, t("Report to %s failed: %s", name, d.Err))
		case d.Err != "":
			lines = append(lines, t("Report to %s not sent yet (will retry): %s", name, d.Err))
		default:
			lines = append(lines, t("Report queued for %s.", name))
		}
	}
	if len(lines) == 0 {
		return fmt.Sprint(t("Report queued."))
	}
	return strings.Join(lines, "\n")
}
