package app

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"lookout/engine/alert"
	"lookout/internal/i18n"
	"lookout/internal/paths"
	"lookout/internal/termsafe"
)

func init() {
	c := command{name: "alerts", usage: "[--all] [--since PERIOD] [--json] [--dir DIR]",
		summary: "list active alerts and recent events from the event log"}
	c.run = func(_ context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		all := fs.Bool("all", false, "list every event in the log, not only recent ones")
		since := fs.Duration("since", 24*time.Hour, "list the events of this last `period`")
		asJSON := fs.Bool("json", false, "print the events as JSON lines (the event log's format)")
		dirFlag := fs.String("dir", "", "state `directory` holding "+alert.LogFile+" (default $LOOKOUT_STATE_DIR, $XDG_STATE_HOME/lookout or ~/.local/state/lookout)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		dir, err := stateDir(*dirFlag)
		if err != nil {
			return err
		}
		events, err := alert.ReadLog(filepath.Join(dir, alert.LogFile))
		if err != nil {
			return err
		}
		now := time.Now()
		active := alert.ActiveFrom(events)
		recent := events
		if !*all {
			recent = recent[:0:0]
			for _, e := range events {
				if now.Sub(e.At) <= *since {
					recent = append(recent, e)
				}
			}
		}
		if *asJSON {
			enc := json.NewEncoder(env.Stdout)
			for _, e := range recent {
				if err := enc.Encode(e); err != nil {
					return err
				}
			}
			return nil
		}
		// The configured language; a configuration that does not load
		// does not keep the log from being read.
		lang := i18n.EN
		if cfg, _, err := env.LoadConfig(); err == nil {
			lang = i18n.Lang(cfg.Language)
		}
		// Alerts carry host-supplied notes and names: print them safely.
		out := termsafe.Writer{W: env.Stdout}
		fmt.Fprintln(out, i18n.T(lang, "Active alerts: %d", len(active)))
		if err := writeActive(out, active, now, lang); err != nil {
			return err
		}
		if *all {
			fmt.Fprintln(out, "\n"+i18n.T(lang, "All events (%s):", filepath.Join(dir, alert.LogFile)))
		} else {
			fmt.Fprintln(out, "\n"+i18n.T(lang, "Events of the last %s:", i18n.Duration(lang, *since)))
		}
		return writeEvents(out, recent, lang)
	}
	register(c)
}

// stateDir is the --dir flag or the default state directory.
func stateDir(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	return paths.State()
}
