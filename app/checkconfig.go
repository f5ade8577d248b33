package app

import (
	"context"
	"errors"
	"fmt"
	"os"

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
		if !explicit {
			if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
				fmt.Fprintf(env.Stdout, "%s: no such file: Lookout runs on the defaults (this machine)\n", path)
				return nil
			}
		}
		// Every error and every warning, then the verdict: the warnings
		// are worked out from the file even when it has errors.
		errs, warnings, err := config.Check(path, explicit)
		if err != nil {
			fmt.Fprintln(env.Stdout, err)
			return exitError(1)
		}
		for _, e := range errs {
			fmt.Fprintln(env.Stdout, e.Error())
		}
		for _, w := range warnings {
			fmt.Fprintln(env.Stdout, "warning: "+w)
		}
		if len(errs) > 0 {
			fmt.Fprintf(env.Stdout, "%s: %d error(s), %d warning(s)\n", path, len(errs), len(warnings))
			return exitError(1)
		}
		fmt.Fprintf(env.Stdout, "%s: ok\n", path)
		return nil
	}
	register(c)
}
