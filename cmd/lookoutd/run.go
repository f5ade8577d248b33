package main

import (
	"context"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"lookout/config"
	"lookout/daemon"
	"lookout/internal/paths"
	"lookout/monitor"
)

func init() {
	c := command{name: "run", usage: "[--config FILE] [--listen ADDR]",
		summary: "monitor the configured hosts without a screen: history on disk, /metrics, reload on SIGHUP"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		cfgFlag := fs.String("config", "", "configuration `file` (default $LOOKOUT_CONFIG or "+paths.MustResolve().ConfigFile+")")
		listen := fs.String("listen", "", "serve /metrics and /healthz on `ADDR`, e.g. 127.0.0.1:9109 (default: none)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		path, _ := config.Resolve(*cfgFlag)
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
		return daemon.Run(ctx, daemon.Options{ConfigPath: path, Listen: *listen, Reload: hup, Log: e.log,
			Hooks: serviceHooks(e)})
	}
	register(c)
}

// serviceHooks run the alert rules, the channels with their outbox and
// the scheduled reports inside the daemon.
func serviceHooks(e *env) daemon.Hooks {
	var started atomic.Pointer[monitor.Service] // read by /metrics scrapes
	return daemon.Hooks{
		Start: func(ctx context.Context, d *daemon.Daemon) error {
			svc, err := monitor.StartService(ctx, d.Monitor, d.Config(), monitor.ServiceOptions{Log: e.log})
			started.Store(svc)
			return err
		},
		Reload: func(_ context.Context, _ *daemon.Daemon, cfg config.Config) error {
			return started.Load().Reload(cfg)
		},
		Stop: func(context.Context, *daemon.Daemon) error {
			svc := started.Load()
			if svc == nil {
				return nil
			}
			return svc.Close() // what is queued stays in the outbox for the next start
		},
		OutboxDepth: func() int {
			svc := started.Load()
			if svc == nil {
				return 0
			}
			queued, _, err := svc.Notifier().Outbox.List()
			if err != nil {
				return 0
			}
			return len(queued)
		},
	}
}
