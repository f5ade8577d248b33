package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"lookout/config"
	sshcol "lookout/engine/collect/ssh"
	"lookout/engine/report"
	"lookout/internal/human"
	"lookout/internal/i18n"
	"lookout/runtime"
	"lookout/views"
)

// showHost replaces the overview with the host's detail screen.
func (g *gui) showHost(host string) {
	src := func(m entity.Metric, from, to time.Time, maxPoints int) []entity.Point {
		pts, err := g.mon.Store.Range(host, m, from, to, maxPoints)
		if err != nil {
			return nil
		}
		return pts
	}
	d := views.NewHostDetail(host, src, g.lang, g.cfg.Grades)
	d.OnBack = g.showOverview
	d.OnPause = func(h string, paused bool) {
		g.mon.Sampler.SetPaused(h, paused)
		g.mon.Sampler.Refresh()
	}
	d.OnTest = g.testConnection
	d.OnTrust = g.trustHost
	d.OnPeriod = func(time.Duration) { g.updateProcs(true) }
	g.detail = d
	g.procsAt = time.Time{}
	g.tabs.Items[overviewTab].Content = d
	g.tabs.Refresh()
	g.updateDetail()
}

func (g *gui) showOverview() {
	g.detail = nil
	g.tabs.Items[overviewTab].Content = g.overview
	g.tabs.Refresh()
}

// updateDetail feeds the open detail screen; hidden, nothing is drawn.
func (g *gui) updateDetail() {
	d := g.detail
	if d == nil {
		return
	}
	v := g.hosts[d.Host()]
	snap, _ := g.mon.Store.Latest(d.Host())
	var rows []views.AlertRow
	if g.svc != nil {
		for _, ev := range g.svc.Alerts.Active() {
			if ev.Host == d.Host() {
				rows = append(rows, alertRow(ev, g.lang))
			}
		}
	}
	d.Update(v, snap, rows)
	g.updateProcs(false)
}

// procsEvery is how often the detail fits its process costs again: a fit
// over a week of samples is not redone at every poll.
const procsEvery = 30 * time.Second

// updateProcs shows what the open host's count_processes keywords cost
// over the detail's period (report.ProcsOf: counts, cost per process with
// R², the counts at the CPU and memory peaks); now redoes it at once.
func (g *gui) updateProcs(now bool) {
	d := g.detail
	if d == nil || (!now && !g.procsAt.IsZero() && time.Since(g.procsAt) < procsEvery) {
		return
	}
	g.procsAt = time.Now()
	snap, ok := g.mon.Store.Latest(d.Host())
	if !ok || len(snap.Procs.Counts) == 0 {
		d.SetProcs(nil)
		return
	}
	to := time.Now()
	d.SetProcs(report.ProcsOf(g.mon.Store, d.Host(), snap, to.Add(-d.Period()), to).Lines(g.lang, nil))
}

func (g *gui) hostConfig(name string) (config.Host, bool) {
	for _, h := range g.cfg.HostsOrLocal() {
		if h.Name == name {
			return h, true
		}
	}
	return config.Host{}, false
}

// testConnection polls the host once, now, with its own deadline, and
// says what came back.
func (g *gui) testConnection(host string) {
	h, ok := g.hostConfig(host)
	if !ok {
		return
	}
	cfg, win := g.cfg, g.win
	go func() {
		msg, err := TestHost(g.ctx, cfg, h)
		fyne.Do(func() {
			if err != nil {
				g.dialogs.show(dialog.NewError(fmt.Errorf("%s: %w", host, err), win))
				return
			}
			g.dialogs.show(dialog.NewInformation(g.t("Test connection"), msg, win))
		})
	}()
}

// TestHost reads host once (twice for a collector that needs a delta)
// and describes the result in a line.
func TestHost(ctx context.Context, cfg config.Config, h config.Host) (string, error) {
	col, err := runtime.NewCollector(cfg, h)
	if err != nil {
		return "", err
	}
	if c, ok := col.(interface{ Close() error }); ok {
		defer c.Close()
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, cfg.HostTimeout(h)+5*time.Second)
	defer cancel()
	s, err := col.Collect(ctx)
	if err != nil {
		return "", err
	}
	took := time.Since(start)
	lang := i18n.Lang(cfg.Language)
	load := "–"
	if l, ok := s.Value(entity.MetricLoad1); ok {
		load = fmt.Sprintf("%.2f", l)
	}
	msg := i18n.T(lang, "%s: ok in %s — %d cores, memory %.1f %% of %s, load %s", h.Name,
		took.Round(time.Millisecond), s.CPU.Cores, s.Mem.Percent, human.Bytes(float64(s.Mem.TotalBytes)), load)
	if len(s.Errors) > 0 {
		msg += i18n.T(lang, "; %d parts failed: %s", len(s.Errors), strings.Join(s.ErrorParts(), i18n.ListSep(lang)))
	}
	return msg, nil
}

// trustHost shows an SSH host's key fingerprint and records it in
// Lookout's known_hosts once the admin confirms; a changed key is never
// replaced.
func (g *gui) trustHost(host string) {
	h, ok := g.hostConfig(host)
	if !ok || h.SSH == "" {
		return
	}
	col, err := runtime.NewSSHCollector(g.cfg, h)
	if err != nil {
		g.dialogs.show(dialog.NewError(err, g.win))
		return
	}
	win := g.win
	go func() {
		defer col.Close()
		ctx, cancel := context.WithTimeout(g.ctx, 2*time.Minute)
		defer cancel()
		hk, err := col.Trust(ctx, func(hk sshcol.HostKey) bool {
			answer := make(chan bool, 1)
			fyne.Do(func() {
				g.dialogs.show(dialog.NewConfirm(g.t("Trust host key?"), g.t(
					"%s (%s) offers this %s key:\n\n%s\n\nCompare it with `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` on the server. Trust it?",
					host, hk.Addr, hk.Type, hk.Fingerprint), func(ok bool) { answer <- ok }, win))
			})
			select {
			case ok := <-answer:
				return ok
			case <-ctx.Done():
				return false
			}
		})
		fyne.Do(func() {
			if err != nil {
				g.dialogs.show(dialog.NewError(err, win))
				return
			}
			g.dialogs.show(dialog.NewInformation(g.t("Host key trusted"), fmt.Sprintf("%s: %s %s", host, hk.Type, hk.Fingerprint), win))
			g.mon.Sampler.Refresh()
		})
	}()
}
