package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/chart"
	"lookout/engine/history"
	"lookout/engine/report"
	"lookout/engine/watchdog"
	"lookout/internal/atomicfile"
	"lookout/internal/i18n"
	"lookout/internal/paths"
	"lookout/runtime"
)

// sendTimeout bounds how long --send waits for the services' answers.
const sendTimeout = 60 * time.Second

func orAll(ch string) string {
	if ch == "" {
		return "the channel"
	}
	return ch
}

// reportStore opens the history on disk when it is enabled and holds
// hosts; otherwise it returns a nil store and the command polls.
func reportStore(cfg config.Config, opts report.Options, env *Env) (engine.Store, func(), error) {
	nop := func() {}
	if !cfg.History.Enabled {
		return nil, nop, nil
	}
	ho := runtime.HistoryOptions(cfg, paths.MustResolve(), env.Log)
	if _, err := os.Stat(filepath.Join(ho.Dir, history.FileName)); err != nil {
		return nil, nop, nil // no history yet: do not create one
	}
	hs, err := history.Open(ho)
	if err != nil {
		fmt.Fprintf(env.Stderr, "lookout report: history on disk not readable (%v)\n", err)
		return nil, nop, nil
	}
	hosts, err := hs.Hosts()
	if err != nil || len(hosts) == 0 {
		hs.Close()
		return nil, nop, nil
	}
	return historyHosts{hs, hosts}, func() { hs.Close() }, nil
}

// historyHosts is the history store with the host list reports need.
type historyHosts struct {
	*history.Store
	hosts []string
}

func (h historyHosts) Hosts() []string { return h.hosts }

func init() {
	c := command{name: "report",
		usage:   "[--period 6h] [--out report.png] [--hosts a,b] [--lang en|zh] [--send CHANNEL | --send-all]",
		summary: "summarise every host over a period: a table, and a PNG of their charts for a chat group"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		period := fs.Duration("period", 0, "how far back the report looks (default: [report] period, 6h; with no history store, --collect)")
		out := fs.String("out", "report.png", "PNG `file` to write (\"\" for none)")
		hosts := fs.String("hosts", "", "comma-separated host `names` (default: [report] hosts, or all)")
		lang := fs.String("lang", "", "language of the table and the image: en or zh (default: the configured language)")
		theme := fs.String("theme", "light", "light or dark")
		collect := fs.Duration("collect", 20*time.Second, "with no history store, poll the hosts this long first")
		send := fs.String("send", "", "send the report to this `channel`")
		sendAll := fs.Bool("send-all", false, "send the report to every channel")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return fmt.Errorf("unexpected argument %q", fs.Arg(0))
		}
		cfg, _, err := env.LoadConfig()
		if err != nil {
			return err
		}
		th, err := chart.ThemeNamed(*theme)
		if err != nil {
			return err
		}
		opts := runtime.ReportOptions(cfg)
		if *period > 0 {
			opts.Period = *period
		}
		if *hosts != "" {
			opts.Hosts = splitList(*hosts)
		}
		store, closeStore, err := reportStore(cfg, opts, env)
		if err != nil {
			return err
		}
		defer closeStore()
		if store == nil {
			fmt.Fprintf(env.Stderr, "lookout report: no history on disk for the period; polling the hosts for %s\n", *collect)
			if store, err = collectFor(ctx, cfg, opts.Hosts, *collect); err != nil {
				return err
			}
			if *period == 0 {
				opts.Period = *collect // what there is to show
			}
		}
		r, err := report.Build(ctx, store, opts)
		if err != nil {
			return err
		}
		io := runtime.ReportImageOptions(cfg)
		io.Theme = &th
		if *lang != "" {
			io.Lang = *lang
		}
		textLang := i18n.Lang(cfg.Language)
		if *lang != "" {
			textLang = i18n.Lang(*lang)
		}
		if err := writeReport(env.Stdout, r, nil, textLang); err != nil {
			return err
		}
		if *out != "" {
			png, err := report.RenderPNG(r, io) // every page in one file
			if err != nil {
				return err
			}
			if err := atomicfile.WriteFile(*out, png, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(env.Stderr, "lookout report: wrote %s (%d KiB)\n", *out, len(png)/1024)
		}
		if *send != "" || *sendAll {
			sctx, cancel := context.WithTimeout(ctx, sendTimeout)
			defer cancel()
			// nil: the channels get the report as phone-sized pages.
			ds, err := runtime.SendReportOnce(sctx, cfg, r, nil, splitList(*send), *sendAll, env.Log)
			if err != nil && len(ds) == 0 {
				return err
			}
			failed := false
			for _, d := range ds {
				switch {
				case d.Delivered:
					fmt.Fprintf(env.Stdout, "sent to %s\n", orAll(d.Channel))
				case d.Dead:
					failed = true
					fmt.Fprintf(env.Stdout, "%s refused it: %s\n", orAll(d.Channel), d.Err)
				default:
					failed = true
					fmt.Fprintf(env.Stdout, "%s: not delivered yet, kept in the outbox: %s\n", orAll(d.Channel), d.Err)
				}
			}
			if failed || err != nil {
				if err != nil {
					fmt.Fprintln(env.Stderr, err)
				}
				return exitError(1)
			}
		}
		return nil
	}
	register(c)
}

// collectFor polls the chosen hosts (all when names is empty) for d, every
// d/10 (1 s at least, the host's own interval at most), into a new ring.
func collectFor(ctx context.Context, cfg config.Config, names []string, d time.Duration) (engine.Store, error) {
	targets, err := runtime.Targets(cfg)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var ts []engine.Target
	for _, t := range targets {
		if len(want) > 0 && !want[t.Name] {
			continue
		}
		// A report only reads: the watched processes still count as
		// required, but nothing is restarted.
		if wc, ok := t.Collector.(*watchdog.Collector); ok {
			t.Collector = wc.Collector
		}
		t.Interval = min(max(d/10, time.Second), t.Interval)
		t.Timeout = min(t.Timeout, t.Interval)
		ts = append(ts, t)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("none of the hosts %s is configured", strings.Join(names, ", "))
	}
	ring := engine.NewRing(engine.RingCapacity(d, time.Second) + 2)
	cctx, cancel := context.WithTimeout(ctx, max(d, time.Second))
	defer cancel()
	engine.NewSampler(ring, nil).Run(cctx, ts)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ring, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
