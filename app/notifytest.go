package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"lookout/config"
	"lookout/internal/termsafe"
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
			Desktop: func(title, body string) {
				fmt.Fprintf(env.Stdout, "desktop notification: %s\n%s\n", termsafe.String(title), termsafe.Text(body))
			}})
		// A service's reply is its own text: no raw control sequence
		// reaches the terminal.
		for _, r := range replies {
			fmt.Fprintln(env.Stdout, termsafe.String(r))
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

// testChannel is the settings' Send test button: it sends a test message
// through a channel as edited (not yet saved) and reports the service's
// reply, or its error, on the UI goroutine.
func (g *gui) testChannel(cfg config.Config, name string, done func(string, error)) {
	go func() {
		replies, err := setup.NotifyTest(g.ctx, cfg, name, setup.Options{Log: g.env.Log, Desktop: g.desktopNotify})
		msg := g.t("Sent.")
		if len(replies) > 0 {
			msg = g.t("Sent. The service replied: %s", strings.Join(replies, "; "))
		}
		fyne.Do(func() { done(msg, err) })
	}()
}
