package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/chart"
	"lookout/engine/report"
	"lookout/monitor"
)

// ReportStore, when set, returns the store holding the hosts' history
// (the window's running monitor, or the on-disk history store once it
// exists). lookout report then reads its period from it; when nil, the
// command polls the configured hosts for --collect and reports on that.
var ReportStore func(ctx context.Context, cfg config.Config) (engine.Store, error)

// ReportSender delivers a built report and its PNG to the named channels
// (all channels when all is true). It is nil until the notifier is wired
// in; --send and --send-all then fail with a clear message.
var ReportSender func(ctx context.Context, cfg config.Config, r *report.Report, png []byte, channels []string, all bool) error

func init() {
	c := command{name: "report",
		usage:   "[--period 6h] [--out report.png] [--hosts a,b] [--lang en|zh] [--send CHANNEL | --send-all]",
		summary: "summarise every host over a period: a table, and a PNG of their charts for a chat group"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		period := fs.Duration("period", 0, "how far back the report looks (default: [report] period, 6h; with no history store, --collect)")
		out := fs.String("out", "report.png", "PNG `file` to write (\"\" for none)")
		hosts := fs.String("hosts", "", "comma-separated host `names` (default: [report] hosts, or all)")
		lang := fs.String("lang", "", "language of the image: en or zh (default: the configured language)")
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
		if (*send != "" || *sendAll) && ReportSender == nil {
			return errors.New("--send and --send-all need the chat channels, which this build does not have yet")
		}
		th, err := chart.ThemeNamed(*theme)
		if err != nil {
			return err
		}
		opts := monitor.ReportOptions(cfg)
		if *period > 0 {
			opts.Period = *period
		}
		if *hosts != "" {
			opts.Hosts = splitList(*hosts)
		}
		var store engine.Store
		if ReportStore != nil {
			if store, err = ReportStore(ctx, cfg); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(env.Stderr, "lookout report: no history store; polling the hosts for %s\n", *collect)
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
		if err := report.WriteText(env.Stdout, r, nil); err != nil {
			return err
		}
		io := monitor.ReportImageOptions(cfg)
		io.Theme = &th
		if *lang != "" {
			io.Lang = *lang
		}
		png, err := report.RenderPNG(r, io)
		if err != nil {
			return err
		}
		if *out != "" {
			if err := writeFileAtomic(*out, png); err != nil {
				return err
			}
			fmt.Fprintf(env.Stderr, "lookout report: wrote %s (%d KiB)\n", *out, len(png)/1024)
		}
		if *send != "" || *sendAll {
			return ReportSender(ctx, cfg, r, png, splitList(*send), *sendAll)
		}
		return nil
	}
	register(c)
}

// collectFor polls the chosen hosts (all when names is empty) for d, every
// d/10 (1 s at least, the host's own interval at most), into a new ring.
func collectFor(ctx context.Context, cfg config.Config, names []string, d time.Duration) (engine.Store, error) {
	targets, err := monitor.Targets(cfg)
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
