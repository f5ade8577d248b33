package app

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"fyne.io/fyne/v2"

	"lookout/internal/i18n"
	"lookout/runtime"
	"lookout/views"
)

// The window's Alertmanager sources ([[sources]]): their alerts in the
// Alerts screen and in the tray's colour, Silence and Clear there, and
// the tray's Snooze over them too.

// sourceTimeout bounds one silence or clear.
const sourceTimeout = 15 * time.Second

// startSources (re)starts reading the configured sources when they
// changed (or were never started). It runs on Fyne's goroutine.
func (g *gui) startSources() {
	if g.sources != nil && reflect.DeepEqual(g.sourcesCfg, g.cfg.Sources) {
		return
	}
	g.stopSources()
	g.sourcesCfg = g.cfg.Sources
	if len(g.cfg.Sources) == 0 {
		return
	}
	s, err := runtime.NewSources(g.cfg, g.env.Log, func() { fyne.Do(g.refreshAlerts) })
	if err != nil {
		g.env.Log.Error("alertmanager sources", "err", err)
	}
	g.sources = s
	s.Start(g.ctx)
}

// stopSources stops reading them.
func (g *gui) stopSources() {
	if g.sources != nil {
		s := g.sources
		g.sources = nil
		go s.Close() // a read in flight ends with its context
	}
}

// sourceRows are the sources' alerts as the Alerts screen lists them.
func (g *gui) sourceRows() []views.AlertRow {
	if g.sources == nil {
		return nil
	}
	return sourceAlertRows(g.sources.Alerts(), g.lang)
}

// sourceAlertRows maps sources' alerts to rows: the rule named as
// Lookout names its own when it is one of Lookout's (a rule exported by
// lookout rules export), else the alertname.
func sourceAlertRows(as []runtime.SourceAlert, lang i18n.Lang) []views.AlertRow {
	var rows []views.AlertRow
	for _, a := range as {
		text := a.Summary
		if a.Err != "" {
			text = a.Err
		}
		rule := a.Name
		if m := a.Labels["mount"]; m != "" && rule == "disk" {
			rule += ":" + m
		}
		rows = append(rows, views.AlertRow{ID: a.Fingerprint, Source: a.Source, Host: a.Host, Rule: i18n.RuleName(lang, rule),
			Severity: a.Severity, Kind: "firing", Text: text, Since: a.Start, At: a.Start, Silenced: a.Silenced()})
	}
	return rows
}

// withSources is the tray's summary with the sources' alerts counted: the
// worst of them is the tray's colour when it is worse than every host's,
// and the tooltip names its source.
func withSources(sum views.Summary, rows []views.AlertRow, lang i18n.Lang) views.Summary {
	sev := views.SourceSeverity(rows)
	if sev <= sum.Severity {
		return sum
	}
	n, first := 0, views.AlertRow{}
	for _, r := range rows {
		if r.Source == "" || r.Silenced || (r.Severity != "critical" && r.Severity != "warning") {
			continue
		}
		if n == 0 || (r.Severity == "critical" && first.Severity != "critical") {
			first = r
		}
		n++
	}
	sum.Severity = sev
	sum.Host = first.Source
	sum.Reason = first.Host + " · " + first.Rule
	if first.ID == "" { // the source itself cannot be read
		sum.Reason = i18n.T(lang, "cannot be read: %s", first.Text)
	}
	if n > 1 {
		sum.Reason += " · " + i18n.T(lang, "%d alerts from %s", n, first.Source)
	}
	return sum
}

func (g *gui) sourceSilence(a views.AlertRow, d time.Duration) {
	g.sourceAction(func(ctx context.Context, s *runtime.Sources) error {
		_, err := s.Silence(ctx, a.Source, a.ID, d)
		return err
	})
}

func (g *gui) sourceClear(a views.AlertRow) {
	g.sourceAction(func(ctx context.Context, s *runtime.Sources) error { return s.Clear(ctx, a.Source, a.ID) })
}

// snoozeSources snoozes (d > 0) or resumes the sources' alerts, as the
// tray's Snooze does Lookout's own.
func (g *gui) snoozeSources(d time.Duration) {
	g.sourceAction(func(ctx context.Context, s *runtime.Sources) error {
		if d <= 0 {
			return s.Resume(ctx)
		}
		_, err := s.Snooze(ctx, d)
		return err
	})
}

// sourceAction runs f off the UI goroutine; a failure is a desktop
// notification (the Alertmanager said no, or cannot be reached).
func (g *gui) sourceAction(f func(context.Context, *runtime.Sources) error) {
	s := g.sources
	if s == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(g.ctx, sourceTimeout)
		defer cancel()
		if err := f(ctx, s); err != nil {
			g.env.Log.Error("alertmanager source", "err", err)
			g.desktopNotify("Lookout", fmt.Sprint(err))
		}
	}()
}
