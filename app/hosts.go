package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine"
	"lookout/internal/i18n"
	"lookout/internal/termsafe"
	"lookout/runtime"
)

// HostCheck is one line of `lookout hosts`.
type HostCheck struct {
	Name      string           `json:"name"`
	Kind      string           `json:"kind"`
	Target    string           `json:"target"`
	State     entity.HostState `json:"state"`
	ErrorKind entity.ErrorKind `json:"error_kind,omitempty"`
	LastPoll  time.Time        `json:"last_poll"`
	Duration  time.Duration    `json:"duration_ns"`
	Error     string           `json:"error,omitempty"`
	Missing   []string         `json:"missing,omitempty"`
}

func init() {
	c := command{name: "hosts", usage: "[--json] [--timeout D]",
		summary: "poll every configured host once, in parallel, and list state, poll time and error"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		asJSON := fs.Bool("json", false, "print JSON")
		timeout := fs.Duration("timeout", 0, "deadline per host (default: each host's timeout)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		cfg, _, err := env.LoadConfig()
		if err != nil {
			return err
		}
		checks := CheckHosts(ctx, cfg, *timeout)
		if *asJSON {
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(checks)
		}
		if err := writeHosts(env.Stdout, checks, i18n.Lang(cfg.Language)); err != nil {
			return err
		}
		for _, c := range checks {
			if c.State != entity.StateOK {
				return exitError(1)
			}
		}
		return nil
	}
	register(c)
}

// CheckHosts polls every host of cfg once, all at the same time, each
// with its own deadline (timeout, or the host's configured one), and
// returns the results in configuration order. A Prometheus fleet
// (promql) is listed as the monitor polls it: one line per instance that
// no entry of its own configures, or one failing line when the fleet
// cannot be discovered.
func CheckHosts(ctx context.Context, cfg config.Config, timeout time.Duration) []HostCheck {
	type job struct {
		check   HostCheck
		col     engine.Collector
		err     error
		timeout time.Duration
	}
	var jobs []job
	for _, h := range cfg.HostsOrLocal() {
		c := HostCheck{Name: h.Name, Kind: h.Kind(), Target: target(h)}
		if h.PromQL != "" {
			for _, t := range runtime.FleetTargets(cfg, h, slog.New(slog.DiscardHandler)) {
				c.Name = t.Name
				jobs = append(jobs, job{check: c, col: t.Collector, timeout: t.Timeout})
			}
			continue
		}
		col, err := runtime.NewCollector(cfg, h)
		jobs = append(jobs, job{check: c, col: col, err: err, timeout: cfg.HostTimeout(h)})
	}
	out := make([]HostCheck, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		if timeout > 0 {
			j.timeout = timeout
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = checkHost(ctx, j.col, j.err, j.timeout, j.check)
		}()
	}
	wg.Wait()
	return out
}

func target(h config.Host) string {
	switch {
	case h.SSH != "":
		return h.SSH
	case h.Agent != "":
		return h.Agent
	case h.Prometheus != "":
		return h.Prometheus
	case h.PromQL != "":
		return h.PromQL
	}
	return "this machine"
}

func checkHost(ctx context.Context, col engine.Collector, err error, timeout time.Duration, c HostCheck) HostCheck {
	start := time.Now()
	var snap entity.Snapshot
	if err == nil {
		if cl, ok := col.(io.Closer); ok {
			defer cl.Close()
		}
		pctx, cancel := context.WithTimeout(ctx, timeout)
		snap, err = col.Collect(pctx)
		cancel()
	}
	c.LastPoll, c.Duration = time.Now(), time.Since(start)
	if err != nil {
		c.Error, c.ErrorKind = err.Error(), engine.KindOf(err)
		switch c.ErrorKind {
		case entity.KindUntrusted:
			c.State = entity.StateUntrusted
		case entity.KindKeyChanged:
			c.State = entity.StateKeyChanged
		default:
			c.State = entity.StateFailing
		}
		return c
	}
	c.State, c.Missing = entity.StateOK, snap.Procs.Missing
	if parts := snap.ErrorParts(); len(parts) > 0 {
		c.Error = "partial: " + strings.Join(parts, ", ")
	}
	return c
}

// writeHosts prints the checks in lang: states in words, missing
// processes by their rule's name ("Process nginx missing").
func writeHosts(w io.Writer, checks []HostCheck, lang i18n.Lang) error {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	tw := tabwriter.NewWriter(termsafe.Writer{W: w}, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, t("HOST\tKIND\tTARGET\tSTATE\tPOLLED\tTOOK\tERROR"))
	for _, c := range checks {
		state := t(string(c.State))
		if c.ErrorKind != "" && c.State == entity.StateFailing {
			state += " (" + t(string(c.ErrorKind)) + ")"
		}
		var msg []string
		for _, m := range c.Missing {
			msg = append(msg, i18n.RuleName(lang, "process:"+m))
		}
		if c.Error != "" {
			msg = append(msg, c.Error)
		}
		// The error and the missing processes' names come from the host.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", termsafe.String(c.Name), c.Kind, termsafe.String(c.Target), state,
			c.LastPoll.Local().Format("15:04:05"), took(c.Duration, lang), termsafe.String(strings.Join(msg, "; ")))
	}
	return tw.Flush()
}

// took writes how long a poll took: milliseconds under a second ("312
// ms"), else as a person writes a duration ("5 s", "1 min 3 s").
func took(d time.Duration, lang i18n.Lang) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return i18n.Duration(lang, d)
}
