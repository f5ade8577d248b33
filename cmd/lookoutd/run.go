package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"lookout/config"
	"lookout/daemon"
)

func init() {
	c := command{name: "run", usage: "[--config FILE] [--listen ADDR]",
		summary: "monitor the configured hosts without a screen: history on disk, /metrics, reload on SIGHUP"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		cfgFlag := fs.String("config", "", "configuration `file` (default $LOOKOUT_CONFIG or "+config.DefaultPath()+")")
		listen := fs.String("listen", "", "serve /metrics and /healthz on `ADDR`, e.g. 127.0.0.1:9109 (default: none)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		path, _ := config.Resolve(*cfgFlag)
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
		return daemon.Run(ctx, daemon.Options{ConfigPath: path, Listen: *listen, Reload: hup, Log: e.log})
	}
	register(c)
}
