package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lookout/engine/alert"
	"lookout/entity"
	"lookout/notifier"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"lookout/assets"
	"lookout/config"
	"lookout/internal/i18n"
	"lookout/runtime"
	"lookout/views"
)

// AppID is Lookout's application ID (FyneApp.toml), which also names its
// preferences and storage directories.
const AppID = "io.github.lookout.monitor"

func init() {
	c := command{name: "window", usage: "[--hidden]", summary: "open the Lookout window and tray icon (the default)"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		hidden := fs.Bool("hidden", env.Hidden, "start in the tray, without showing the window (for starting at login)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return runWindow(ctx, env, *hidden)
	}
	register(c)
}

// gui is the running window and tray: the monitor and the widgets it
// feeds. Its fields are touched only on Fyne's goroutine.
type gui struct {
	env  *Env
	fa   fyne.App
	win  fyne.Window
	mon  *runtime.Monitor
	cfg  config.Config
	lang i18n.Lang

	overview *views.Overview
	alerts   *views.AlertsView
	settings *views.Settings
	svc      *runtime.Service
	detail   *views.HostDetail // the host screen, when open
	procsAt  time.Time         // when the detail last fitted its process costs
	tabs     *container.AppTabs
	hosts    map[string]views.HostView
	tray     *tray
	ctx      context.Context
	cfgPath  string

	// pending holds the host views polled since the last flush.
	pendingMu   sync.Mutex
	pending     map[string]views.HostView
	flushQueued bool
	// visible is false while the window is hidden in the tray.
	visible bool
	// idle slows Fyne's loop down while the window is hidden (idle.go).
	idle *idler
	// geom is the window's size and place, as last taken and as last
	// written to geomPath (geometry.go).
	geom, geomSaved geometry
	geomPath        string

	// dialogs are the dialogs on screen; Esc closes the top one.
	dialogs dialogs

	// rt is the running Lookout and grades the colour grades in force:
	// both are read on polling goroutines (observe), so they are atomic.
	rt     atomic.Pointer[runtime.Runtime]
	grades atomic.Pointer[entity.Grades]

	// problems shows configuration errors above the cards.
	problems *widget.Label

	// sources read the configured Alertmanagers (sources.go);
	// sourcesCfg is the configuration they were started with.
	sources    *runtime.Sources
	sourcesCfg []config.Source
}

func (g *gui) t(key string, args ...any) string { return i18n.T(g.lang, key, args...) }

func runWindow(ctx context.Context, env *Env, hidden bool) error {
	// A window that sits open all day should be light on memory: collect
	// garbage at half the default heap growth (measured: 209 → 192 MB RSS
	// with 10 hosts at 1 s, no change in CPU). GOGC in the environment
	// still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	cfg, path, cfgErr := env.LoadConfig()
	g := &gui{env: env, cfg: cfg, lang: i18n.Lang(cfg.Language), hosts: map[string]views.HostView{}, cfgPath: path}
	g.fa = fyneapp.NewWithID(AppID)
	g.fa.SetIcon(assets.Icon)
	g.applyTheme()
	g.win = g.fa.NewWindow("Lookout")
	g.win.SetIcon(assets.Icon)
	g.win.SetMaster()

	g.problems = widget.NewLabel("")
	g.problems.Wrapping = fyne.TextWrapWord
	g.problems.Importance = widget.DangerImportance
	g.problems.Hide()
	if cfgErr != nil {
		g.showConfigErrors(path, cfgErr)
	} else if ws := config.Warnings(path, cfg); len(ws) > 0 {
		g.problems.SetText(strings.Join(ws, "\n"))
		g.problems.Importance = widget.WarningImportance
		g.problems.Show()
	}

	g.grades.Store(&cfg.Grades)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	g.ctx = runCtx
	// The one runtime, as lookoutd runs it, with the window's parts: the
	// desktop notifier and the UI callbacks. Tolerant: the window keeps
	// watching when the history or the channels cannot start, and says why.
	rt, err := runtime.Open(runCtx, runtime.Options{ConfigPath: path, Config: &cfg, Tolerant: true,
		Desktop:  g.desktopNotify,
		OnStatus: func(string, notifier.Status) { fyne.Do(g.refreshAlerts) },
		OnEvents: func([]alert.Event) { fyne.Do(g.refreshAlerts) },
		Observe:  g.observe,
		Log:      env.Log,
	})
	if err != nil {
		return err
	}
	g.rt.Store(rt)
	g.mon, g.svc = rt.Monitor, rt.Service
	defer rt.Close()
	go rt.Run(runCtx, nil) // history pruning; Close is idempotent
	if ps := rt.Problems(); len(ps) > 0 {
		var lines []string
		for _, p := range ps {
			lines = append(lines, p.Error())
		}
		g.problems.SetText(strings.Join(lines, "\n"))
		g.problems.Importance = widget.DangerImportance
		g.problems.Show()
	}

	g.build()
	g.startSources()
	defer g.stopSources()
	g.restoreSize()
	g.shortcuts()
	if !hidden {
		// Show first: the tray and the alerts' list are made while the
		// window maps (the tray starts with the loop, in Run). The history
		// is read by the charts, when they draw.
		g.visible = true
		g.win.Show() // makes the native window, which restorePos moves
		g.restorePos()
	}

	if desk, ok := g.fa.(desktop.App); ok {
		g.tray = newTray(g, desk)
		g.tray.update()
	}
	g.win.SetCloseIntercept(g.closeWindow)

	g.refreshAlerts()
	go g.keepGeometry(runCtx)
	g.idle = startIdler(idleSlice, fyne.DoAndWait)
	defer g.idle.stop()
	go func() {
		<-ctx.Done() // SIGINT or SIGTERM: quit
		g.idle.stop()
		fyne.Do(g.quit)
	}()
	if hidden {
		g.idle.hide()
		g.fa.Run() // the tray menu's "Open Lookout" shows the window
	} else {
		g.fa.Run()
	}
	return nil
}

// build makes the window's content for the configuration in force: the
// overview, the alerts and the settings, in the configured language.
func (g *gui) build() {
	g.overview = views.NewOverview(g.lang, g.cfg.Grades)
	g.overview.OnHostTapped = g.showHost
	g.restoreLayout()
	g.detail = nil
	g.refreshHosts()
	g.alerts = views.NewAlertsView(g.lang)
	g.alerts.OnAcknowledge = g.acknowledge
	g.alerts.OnSilence = g.silence
	g.alerts.OnSnooze = g.snooze
	g.alerts.OnResume = func() { g.snooze(0) }
	g.alerts.OnSourceSilence, g.alerts.OnSourceClear = g.sourceSilence, g.sourceClear
	g.settings = views.NewSettings(g.cfg, g.lang)
	g.settings.OnSave = g.saveConfig
	g.settings.OnTestHost = func(cfg config.Config, h config.Host, done func(string, error)) {
		go func() {
			msg, err := TestHost(g.ctx, cfg, h)
			fyne.Do(func() { done(msg, err) })
		}()
	}
	g.settings.OnTestChannel = g.testChannel
	g.settings.OnSendReport = g.sendReport
	wireAutostart(g.settings, g.env.Log)
	g.tabs = container.NewAppTabs(
		container.NewTabItem(g.t("Overview"), g.overview),
		container.NewTabItem(g.t("Alerts"), g.alerts),
		container.NewTabItem(g.t("Settings"), g.settings),
	)
	g.refreshAlerts()
	g.win.SetContent(container.NewBorder(g.problems, nil, nil, nil, g.tabs))
}

// applyTheme follows the `theme` setting: the desktop's, light or dark.
func (g *gui) applyTheme() {
	g.fa.Settings().SetTheme(views.ThemeFor(g.cfg.Theme))
}

// Tab positions.
const (
	overviewTab = 0
	alertsTab   = 1
	settingsTab = 2
)

// refreshHosts makes the overview match the configured hosts: new ones
// appear as pending, removed ones go.
func (g *gui) refreshHosts() {
	hosts := map[string]views.HostView{}
	for _, h := range g.cfg.HostsOrLocal() {
		v, ok := g.hosts[h.Name]
		if !ok {
			v = views.HostView{Name: h.Name, State: entity.StatePending}
		}
		hosts[h.Name] = v
	}
	g.hosts = hosts
	g.overview.SetHosts(g.hostList())
}

// saveConfig writes the settings to the configuration file and applies
// them without a restart, off the UI goroutine: building the hosts may
// ask a Prometheus server for its fleet, and a reload waits for the polls
// in flight. done runs on the UI goroutine. A configuration that fails
// to apply is not written.
func (g *gui) saveConfig(c config.Config, done func(error)) {
	rt := g.rt.Load()
	go func() {
		err := rt.Save(g.ctx, c)
		fyne.Do(func() {
			if err != nil && !errors.Is(err, runtime.ErrChannelsKept) {
				done(err)
				return
			}
			if err != nil {
				err = fmt.Errorf("%s %w", g.t("Saved, but the channels kept their old settings:"), errors.Unwrap(err))
			}
			g.applySaved(c)
			done(err)
		})
	}()
}

// applySaved shows a configuration that was saved and put in force. It
// runs on Fyne's goroutine.
func (g *gui) applySaved(c config.Config) {
	relang := c.Language != g.cfg.Language
	g.cfg, g.lang = c, i18n.Lang(c.Language)
	g.grades.Store(&c.Grades)
	g.applyTheme()
	g.problems.Hide()
	g.startSources()
	if relang {
		// Every word changes: build the window anew, on the settings tab.
		g.build()
		g.tabs.SelectIndex(settingsTab)
		g.settings.SetStatus(g.t("Saved and applied."), false)
	} else {
		g.overview.SetGrades(c.Grades)
		g.refreshHosts()
	}
	if g.tray != nil {
		g.tray.labels = ""
		g.tray.update()
	}
}

// observe runs on a polling goroutine after every poll: it builds the
// host's view and hands it to the UI goroutine.
func (g *gui) observe(st entity.HostStatus, snap entity.Snapshot, ok bool) {
	if rt := g.rt.Load(); !ok && rt != nil {
		snap, ok = rt.Monitor.Ring.Latest(st.Host)
	}
	v := views.NewHostView(st, snap, ok, *g.grades.Load())
	g.pendingMu.Lock()
	defer g.pendingMu.Unlock()
	if g.pending == nil {
		g.pending = map[string]views.HostView{}
	}
	g.pending[v.Name] = v
	if !g.flushQueued {
		g.flushQueued = true
		time.AfterFunc(uiCoalesce, func() { fyne.Do(g.flush) })
	}
}

// uiCoalesce gathers the polls of many hosts into one redraw: with 200
// hosts at 1 s, the overview re-sorts, the tray recomputes and the window
// is drawn (in software, on many machines) once a second rather than 200
// times.
const uiCoalesce = time.Second

// flush applies the host views gathered by observe. It runs on Fyne's
// goroutine. While the window is hidden only the tray is kept up to date;
// the cards catch up when it is shown.
func (g *gui) flush() {
	g.pendingMu.Lock()
	pending := g.pending
	g.pending, g.flushQueued = nil, false
	g.pendingMu.Unlock()
	// One layout for the whole batch (UpdateAll): Update per host sorted
	// the overview once per host, seconds per round for 1,000 hosts.
	batch := make([]views.HostView, 0, len(pending))
	for _, v := range pending {
		g.hostAlert(&v)
		if g.visible {
			v = g.withSparks(v)
		}
		g.hosts[v.Name] = v
		if g.visible {
			batch = append(batch, v)
		}
	}
	if len(batch) > 0 {
		g.overview.UpdateAll(batch)
	}
	if g.visible && g.detail != nil {
		if _, ok := pending[g.detail.Host()]; ok {
			g.updateDetail()
		}
	}
	if g.tray != nil {
		g.tray.update()
	}
}

func (g *gui) hostList() []views.HostView {
	out := make([]views.HostView, 0, len(g.hosts))
	for _, v := range g.hosts {
		out = append(out, v)
	}
	return out
}

// closeWindow hides the window when a tray shows Lookout, and quits when
// there is no tray to bring it back from.
func (g *gui) closeWindow() {
	g.saveSize()
	g.savePos()
	if g.tray != nil && g.tray.hostAvailable {
		g.win.Hide()
		g.visible = false
		g.idle.hide()
		return
	}
	g.quit()
}

func (g *gui) quit() {
	g.idle.stop()
	g.saveSize()
	g.savePos()
	g.fa.Quit()
}

func (g *gui) showWindow() {
	g.idle.show()
	hidden := !g.visible
	if hidden {
		g.visible = true
		for name, v := range g.hosts {
			g.hosts[name] = g.withSparks(v)
		}
		g.overview.SetHosts(g.hostList()) // catch up with what came while hidden
		g.updateDetail()
	}
	g.win.Show()
	if hidden {
		g.restorePos()
	}
	g.win.RequestFocus()
}

// shortcuts: Ctrl+R polls every host now, Ctrl+F goes to the filter, Esc
// closes a dialog.
func (g *gui) shortcuts() {
	c := g.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { g.mon.Sampler.Refresh() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { c.Focus(g.overview.Filter) })
	g.dialogs.closeOnEscape(c)
}

// showConfigErrors puts the configuration's errors at the top of the
// window; Lookout keeps running on its defaults.
func (g *gui) showConfigErrors(path string, err error) {
	var lines []string
	var es config.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			lines = append(lines, e.Error())
		}
	} else {
		lines = append(lines, err.Error())
	}
	g.problems.SetText(fmt.Sprintf("%s (%s):\n%s\n%s", g.t("Configuration errors"), path,
		strings.Join(lines, "\n"), g.t("Running on defaults.")))
	g.problems.Show()
}
