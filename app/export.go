package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/history"
)

func init() {
	c := command{name: "export", usage: "--host NAME [--from T] [--to T] [--format csv|json] [--metric M] [--max-points N]",
		summary: "write a host's history as CSV (time,value, what `lookout chart` reads) or JSON"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		host := fs.String("host", "", "host `NAME` as the history knows it (required)")
		fromS := fs.String("from", "24h", "start: RFC 3339 time, or a duration meaning that long ago")
		toS := fs.String("to", "", "end: RFC 3339 time, or a duration ago (default now)")
		format := fs.String("format", "csv", "csv (one metric) or json (one or all metrics)")
		metric := fs.String("metric", "", "metric `M` such as cpu, mem, disk:/ (csv default cpu; json default all)")
		maxPoints := fs.Int("max-points", 0, "downsample to at most `N` points, keeping peaks (0: every point)")
		gaps := fs.Bool("gaps", false, "csv: write failed polls as NaN rows (for lookout chart --gaps)")
		dir := fs.String("dir", "", "history `directory` (default [history] dir, else $XDG_DATA_HOME/lookout)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if *host == "" {
			fs.Usage()
			return errors.New("--host is required")
		}
		now := time.Now()
		from, err := parseWhen(*fromS, now)
		if err != nil {
			return fmt.Errorf("--from: %w", err)
		}
		to := now
		if *toS != "" {
			if to, err = parseWhen(*toS, now); err != nil {
				return fmt.Errorf("--to: %w", err)
			}
		}
		if !from.Before(to) {
			return fmt.Errorf("--from %s is not before --to %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
		}
		if *format != "csv" && *format != "json" {
			return fmt.Errorf("--format: expected csv or json, got %q", *format)
		}
		if *dir == "" {
			if cfg, _, err := env.LoadConfig(); err == nil {
				*dir = cfg.History.Dir
			}
		}
		st, err := history.Open(history.Options{Dir: *dir, ReadOnly: true})
		if err != nil {
			return err
		}
		defer st.Close()
		metrics := []entity.Metric{*metric}
		switch {
		case *metric == "" && *format == "csv":
			metrics = []entity.Metric{entity.MetricCPU}
		case *metric == "":
			if metrics, err = st.Metrics(*host); err != nil {
				return err
			}
		}
		exp := history.Export{Host: *host, From: from, To: to}
		for _, m := range metrics {
			pts, err := st.RangeContext(ctx, *host, m, from, to, *maxPoints)
			if errors.Is(err, engine.ErrUnknownHost) {
				hosts, _ := st.Hosts()
				return fmt.Errorf("no history of host %q (hosts: %s)", *host, strings.Join(hosts, ", "))
			}
			if err != nil {
				return err
			}
			if *format == "csv" {
				return history.WriteCSV(env.Stdout, pts, *gaps)
			}
			exp.Series = append(exp.Series, history.NewExportSeries(m, pts))
		}
		return history.WriteJSON(env.Stdout, exp)
	}
	register(c)
}

// parseWhen reads an RFC 3339 time or a duration meaning that long before
// now ("24h", "90m").
func parseWhen(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(strings.TrimPrefix(s, "-")); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("expected an RFC 3339 time such as 2026-03-01T12:00:00Z or a duration such as 24h, got %q", s)
}
