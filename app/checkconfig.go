package app

import (
	"context"
	"errors"
	"fmt"

	"lookout/config"
)

func init() {
	c := command{name: "check-config", usage: "[FILE]",
		summary: "validate a configuration file: print every error, or ok"}
	c.run = func(_ context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		if err := fs.Parse(args); err != nil {
			return err
		}
		path, explicit := config.Resolve(env.ConfigFlag)
		if fs.NArg() > 0 {
			path, explicit = fs.Arg(0), true
		}
		cfg, err := config.Load(path, explicit)
		for _, w := range config.Warnings(path, cfg) {
			fmt.Fprintln(env.Stdout, "warning: "+w)
		}
		if err != nil {
			var es config.Errors
			if errors.As(err, &es) {
				for _, e := range es {
					fmt.Fprintln(env.Stdout, e.Error())
				}
			} else {
				fmt.Fprintln(env.Stdout, err)
			}
			return exitError(1)
		}
		fmt.Fprintf(env.Stdout, "%s: ok\n", path)
		return nil
	}
	register(c)
}
