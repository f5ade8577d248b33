package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"lookout/assets"
	"lookout/config"
	"lookout/engine"
	"lookout/internal/i18n"
	"lookout/monitor"
	"lookout/views"
)

// AppID is Lookout's application ID (FyneApp.toml), which also names its
// preferences and storage directories.
const AppID = "io.github.lookout.monitor"

func init() {
	register(command{name: "window", summary: "open the Lookout window (the default)",
		run: func(ctx context.Context, env *Env, args []string) error { return runWindow(ctx, env) }})
}

// gui is the running window: the monitor and the widgets it feeds.
type gui struct {
	env   *Env
	fa    fyne.App
	win   fyne.Window
	mon   *monitor.Monitor
	cfg   config.Config
	lang  i18n.Lang
	cards map[string]*views.HostCard
	grid  *fyne.Container
	// problems shows configuration errors above the cards.
	problems *widget.Label
}

func runWindow(ctx context.Context, env *Env) error {
	cfg, path, cfgErr := env.LoadConfig()
	g := &gui{env: env, cfg: cfg, lang: i18n.Lang(cfg.Language), cards: map[string]*views.HostCard{}}
	g.fa = fyneapp.NewWithID(AppID)
	g.fa.SetIcon(assets.Icon)
	g.win = g.fa.NewWindow("Lookout")
	g.win.SetIcon(assets.Icon)

	g.problems = widget.NewLabel("")
	g.problems.Wrapping = fyne.TextWrapWord
	g.problems.Importance = widget.DangerImportance
	g.problems.Hide()
	if cfgErr != nil {
		g.showConfigErrors(path, cfgErr)
	}

	g.mon = monitor.New(cfg, env.Log)
	g.grid = container.NewGridWrap(fyne.NewSize(280, 250))
	for _, h := range cfg.HostsOrLocal() {
		g.card(h.Name)
	}
	g.mon.Sampler.Observe(func(st engine.HostStatus, snap engine.Snapshot, ok bool) {
		if !ok {
			snap, ok = g.mon.Ring.Latest(st.Host)
		}
		v := views.NewHostView(st, snap, ok, g.cfg.Grades)
		fyne.Do(func() { g.card(st.Host).SetView(v) })
	})
	g.win.SetContent(container.NewBorder(g.problems, nil, nil, nil, container.NewVScroll(g.grid)))
	g.win.Resize(fyne.NewSize(900, 600))

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := g.mon.Start(runCtx); err != nil {
		return err
	}
	defer g.mon.Stop()
	go func() {
		<-ctx.Done() // SIGINT or SIGTERM: close the window
		fyne.Do(g.fa.Quit)
	}()
	g.win.ShowAndRun()
	return nil
}

// card returns the card of host, adding one to the grid when it is new.
func (g *gui) card(host string) *views.HostCard {
	c, ok := g.cards[host]
	if !ok {
		c = views.NewHostCard(views.HostView{Name: host, State: engine.StatePending}, g.lang, g.cfg.Grades)
		g.cards[host] = c
		g.grid.Add(c)
	}
	return c
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
	g.problems.SetText(fmt.Sprintf("%s (%s):\n%s\n%s", i18n.T(g.lang, "Configuration errors"), path,
		strings.Join(lines, "\n"), i18n.T(g.lang, "Running on defaults.")))
	g.problems.Show()
}
