package app

import (
	"context"
	"errors"
	"fmt"

	"lookout/config"
	"lookout/notifier/setup"
)

func init() {
	c := command{name: "notify-test", usage: "CHANNEL",
		summary: "send a test message to a channel and print the service's reply"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			fs.Usage()
			return exitError(2)
		}
		cfg, path, err := env.LoadConfig()
		if err != nil {
			return err
		}
		for _, w := range config.Warnings(path, cfg) {
			fmt.Fprintln(env.Stderr, "warning:", w)
		}
		replies, err := setup.NotifyTest(ctx, cfg, fs.Arg(0), setup.Options{Log: env.Log,
			Desktop: func(title, body string) { fmt.Fprintf(env.Stdout, "desktop notification: %s\n%s\n", title, body) }})
		for _, r := range replies {
			fmt.Fprintln(env.Stdout, r)
		}
		if err != nil {
			return err
		}
		if len(replies) == 0 {
			return errors.New("no reply")
		}
		fmt.Fprintln(env.Stdout, "ok")
		return nil
	}
	register(c)
}
