package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/systray"

	"lookout/assets"
	"lookout/internal/i18n"
	"lookout/views"
)

// tray is Lookout's icon in the desktop's tray (Fyne's own, built on
// fyne.io/systray): its colour is the worst host's, its title and tooltip
// name that host and why, and its menu holds the day-to-day actions.
type tray struct {
	g    *gui
	desk desktop.App
	// hostAvailable is true when a tray host was on the session bus at
	// start: only then does closing the window keep Lookout running.
	hostAvailable bool

	icon    fyne.Resource
	tooltip string
	labels  string // the menu's labels, to rebuild it only when they change
	// shown is the one menu handed to Fyne, its items replaced on each
	// change: Fyne exports the menu it was first given once more when
	// the tray registers (systray's onReady, late on a loaded machine),
	// and that must be today's items, not the ones at start.
	shown *fyne.Menu
}

func newTray(g *gui, desk desktop.App) *tray {
	t := &tray{g: g, desk: desk, hostAvailable: trayHostAvailable()}
	desk.SetSystemTrayIcon(assets.TrayOK)
	t.icon = assets.TrayOK
	return t
}

// update recomputes the summary and changes what differs. It runs on
// Fyne's goroutine.
func (t *tray) update() {
	g := t.g
	sum := withSources(views.Summarize(g.hostList(), g.lang), g.sourceRows(), g.lang)
	var snoozed time.Time
	if g.svc != nil {
		if until, ok := g.svc.Alerts.SnoozedUntil(); ok {
			snoozed = until
		}
	}
	icon, tip := trayLook(sum, g.mon.Sampler.Paused(""), snoozed, time.Now(), g.lang)
	if icon != t.icon {
		t.desk.SetSystemTrayIcon(icon)
		t.icon = icon
	}
	if tip != t.tooltip {
		systray.SetTitle(tip)
		systray.SetTooltip(tip)
		t.tooltip = tip
	}
	menu := t.menu(sum)
	var labels string
	for _, it := range menu.Items {
		labels += it.Label + "\n"
	}
	if labels != t.labels {
		if t.shown == nil {
			t.shown = menu
		} else {
			t.shown.Items = menu.Items
		}
		t.desk.SetSystemTrayMenu(t.shown)
		t.labels = labels
	}
}

// trayLook is the tray's icon and title for a summary: the worst host's
// colour and why, unless polling is paused (the pause icon: the figures
// are not being measured, whatever they were), with a note while alerts
// are snoozed. Live values appear here, never in the menu.
func trayLook(sum views.Summary, paused bool, snoozedUntil, now time.Time, lang i18n.Lang) (fyne.Resource, string) {
	icon := trayIcon(sum.Severity)
	tip := "Lookout" + i18n.Colon(lang) + i18n.T(lang, "all hosts ok")
	if sum.Host != "" {
		tip = sum.Host + i18n.Colon(lang) + sum.Reason
	}
	if paused {
		icon = assets.TrayPaused
		tip = "Lookout" + i18n.Colon(lang) + i18n.T(lang, "polling paused")
		if sum.Host != "" {
			tip += " · " + sum.Host + i18n.Colon(lang) + sum.Reason
		}
	}
	if snoozedUntil.After(now) {
		tip += " · " + i18n.T(lang, "alerts snoozed until %s", snoozedUntil.Local().Format("15:04"))
	}
	return icon, tip
}

func trayIcon(s views.Severity) fyne.Resource {
	switch s {
	case views.SeverityPaused:
		return assets.TrayPaused
	case views.SeveritySilenced:
		return assets.TraySilenced
	case views.SeverityCritical:
		return assets.TrayCritical
	case views.SeverityUnreachable:
		return assets.TrayUnreachable
	case views.SeverityWarning:
		return assets.TrayWarning
	}
	return assets.TrayOK
}

// maxTrayHosts caps the hosts listed in the menu; the window lists all.
const maxTrayHosts = 8

func (t *tray) menu(sum views.Summary) *fyne.Menu {
	g := t.g
	items := []*fyne.MenuItem{fyne.NewMenuItem(g.t("Open Lookout"), g.showWindow)}
	if len(sum.Troubled) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
		for i, h := range sum.Troubled {
			if i == maxTrayHosts {
				items = append(items, fyne.NewMenuItem(g.t("…and %d more", len(sum.Troubled)-i), g.showWindow))
				break
			}
			// The state, not the live value: the menu is rebuilt only when
			// the hosts in trouble or their states change (values are in
			// the tooltip).
			items = append(items, fyne.NewMenuItem(h.Name+i18n.Colon(g.lang)+views.StateText(h, g.lang), g.showWindow))
		}
	}
	items = append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(g.t("Send report to group"), g.sendReport))
	if g.svc != nil {
		if until, ok := g.svc.Alerts.SnoozedUntil(); ok && until.After(time.Now()) {
			items = append(items, fyne.NewMenuItem(g.t("Resume alerts (snoozed until %s)", until.Local().Format("15:04")), func() { g.snooze(0) }))
		} else {
			items = append(items,
				fyne.NewMenuItem(g.t("Snooze alerts 15 min"), func() { g.snooze(15 * time.Minute) }),
				fyne.NewMenuItem(g.t("Snooze alerts 1 h"), func() { g.snooze(time.Hour) }))
		}
	}
	items = append(items, fyne.NewMenuItemSeparator())
	if g.mon.Sampler.Paused("") {
		items = append(items, fyne.NewMenuItem(g.t("Resume polling"), func() { g.setPaused(false) }))
	} else {
		items = append(items, fyne.NewMenuItem(g.t("Pause polling"), func() { g.setPaused(true) }))
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(g.t("Quit"), g.quit))
	// Fyne adds its own Quit item to a menu that has none labelled "Quit";
	// marking ours as the quit item keeps it to one.
	items[len(items)-1].IsQuit = true
	return fyne.NewMenu("Lookout", items...)
}

// setPaused pauses or resumes polling of every host.
func (g *gui) setPaused(paused bool) {
	g.mon.Sampler.SetPaused("", paused)
	if g.tray != nil {
		g.tray.update()
	}
}
