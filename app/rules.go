package app

import (
	"context"
	"fmt"
	"time"

	"github.com/google/renameio/v2/maybe"

	"lookout/engine/promrules"
	"lookout/internal/i18n"
)

func init() {
	c := command{name: "rules", usage: "export --format prometheus [--selector MATCHERS] [--output FILE]",
		summary: "write the alert thresholds as a Prometheus alerting-rules file over node_exporter's metrics"}
	c.run = func(_ context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		format := fs.String("format", "prometheus", "the rules' `format`: prometheus")
		selector := fs.String("selector", "", "label `matchers` added to every node_exporter series, e.g. 'job=\"node\"'")
		output := fs.String("output", "", "write to this `file` (atomically) instead of standard output")
		if len(args) == 0 || args[0] != "export" {
			fs.Usage()
			return exitError(2)
		}
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *format != "prometheus" {
			return fmt.Errorf("rules export: unknown format %q (expected prometheus)", *format)
		}
		cfg, path, err := env.LoadConfig()
		if err != nil {
			return err
		}
		// The rules every host has: those of a name no host has.
		f := promrules.Build(promrules.Options{Rules: cfg.RulesFor("\x00"), Interval: time.Duration(cfg.Interval),
			Selector: *selector, Lang: i18n.Lang(cfg.Language)})
		b, err := promrules.Write(f, fmt.Sprintf("Lookout's alert rules for Prometheus, from %s\n(lookout rules export --format prometheus). Check with: promtool check rules FILE", path))
		if err != nil {
			return err
		}
		if *output == "" {
			_, err = env.Stdout.Write(b)
			return err
		}
		return maybe.WriteFile(*output, b, 0o644)
	}
	register(c)
}
