package app

import (
	"context"
	"fmt"
	"time"

	"lookout/internal/i18n"
	"lookout/internal/paths"
	"lookout/internal/termsafe"
	"lookout/notifier/outbox"
	"lookout/notifier/setup"
)

func init() {
	c := command{name: "outbox", usage: "[--dir DIR] [--retry ID] [--drop ID]",
		summary: "list queued and dead-letter messages; retry or drop one"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		dir := fs.String("dir", paths.MustResolve().Outbox(), "outbox `directory`")
		retry := fs.String("retry", "", "put dead message `ID` back in its queue (a running Lookout picks it up within a minute)")
		drop := fs.String("drop", "", "delete message `ID` for good")
		if err := fs.Parse(args); err != nil {
			return err
		}
		ob, err := outbox.Open(*dir)
		if err != nil {
			return err
		}
		// The configured language; a configuration that does not load
		// does not keep the outbox from being read.
		lang := i18n.EN
		if cfg, _, err := env.LoadConfig(); err == nil {
			lang = i18n.Lang(cfg.Language)
		}
		switch {
		case *retry != "":
			e, err := ob.Retry(*retry)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s: queued again for %s\n", e.ID, e.Channel)
			return nil
		case *drop != "":
			e, err := ob.Drop(*drop)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s: dropped (%s, %s)\n", e.ID, e.Channel, termsafe.String(setup.Summary(e, lang)))
			return nil
		}
		return setup.PrintOutbox(env.Stdout, ob, time.Now(), lang)
	}
	register(c)
}
