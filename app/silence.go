package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"lookout/engine/alert"
	"lookout/entity"
	"lookout/runtime"
)

func init() {
	c := command{name: "silence", choices: []string{"list", "add", "clear"}, usage: "list | add (--for PERIOD | --until TIME) [--host NAME]... [--rule RULE]... [--comment TEXT] | clear (ID... | --all)",
		summary: "list, add or end silences (alerts recorded but not sent)"}
	c.run = func(_ context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		dirFlag := fs.String("dir", "", "state `directory` holding "+alert.SilencesFile)
		if err := fs.Parse(args); err != nil {
			return err
		}
		dir, err := stateDir(*dirFlag)
		if err != nil {
			return err
		}
		sub, rest := "list", fs.Args()
		if len(rest) > 0 {
			sub, rest = rest[0], rest[1:]
		}
		now := time.Now()
		switch sub {
		case "list":
			ss, err := alert.LoadSilences(filepath.Join(dir, alert.SilencesFile))
			if err != nil {
				return err
			}
			cfg, _, cerr := env.LoadConfig()
			if cerr != nil {
				fmt.Fprintf(env.Stderr, "lookout silence: the configuration's windows are not listed: %v\n", cerr)
			}
			var live []alert.Silence
			for _, s := range append(runtime.Silences(cfg), ss...) {
				if !s.Expired(now) {
					live = append(live, s)
				}
			}
			return alert.WriteSilences(env.Stdout, live)
		case "add":
			return silenceAdd(env, dir, rest, now)
		case "clear":
			return silenceClear(env, dir, rest, now)
		}
		fs.Usage()
		return exitError(2)
	}
	register(c)
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func silenceAdd(env *Env, dir string, args []string, now time.Time) error {
	fs := flag.NewFlagSet("lookout silence add", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	period := fs.Duration("for", 0, "silence for this `period` from now (15m, 1h, …)")
	until := fs.String("until", "", "silence until this `time`: \"2006-01-02 15:04\", RFC 3339, or \"15:04\" (the next one)")
	var hosts, rules listFlag
	fs.Var(&hosts, "host", "only this host `NAME` (repeatable; default all hosts)")
	fs.Var(&rules, "rule", "only this `RULE`: cpu, mem, swap, disk, disk:/MOUNT, load_per_core, net_rx, net_tx, temp, process, unreachable, key_changed (repeatable; default all)")
	comment := fs.String("comment", "", "why (shown in listings)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var end time.Time
	switch {
	case *period > 0 && *until != "":
		return errors.New("give --for or --until, not both")
	case *period > 0:
		end = now.Add(*period)
	case *until != "":
		var err error
		if end, err = parseUntil(*until, now); err != nil {
			return err
		}
	default:
		return errors.New("say how long: --for 1h or --until \"2025-07-01 22:00\"")
	}
	if !end.After(now) {
		return fmt.Errorf("--until %s is in the past", end.Format(time.RFC3339))
	}
	for _, r := range rules {
		if name, _, _ := strings.Cut(r, ":"); !slices.Contains(entity.RuleNames, name) {
			return fmt.Errorf("unknown rule %q; rules are %s", r, strings.Join(entity.RuleNames, ", "))
		}
	}
	s := alert.Silence{ID: alert.NewSilenceID(), Hosts: hosts, Rules: rules, Start: now, End: end,
		Comment: *comment, Source: alert.SourceCLI, Created: now}
	if err := alert.EditSilencesFile(dir, now, func(ss []alert.Silence) ([]alert.Silence, error) {
		return append(ss, s), nil
	}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "silence %s: %s\n", s.ID, s.Describe())
	return nil
}

func silenceClear(env *Env, dir string, args []string, now time.Time) error {
	fs := flag.NewFlagSet("lookout silence clear", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	all := fs.Bool("all", false, "end every silence made at run time (the configuration's windows stay)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ids := fs.Args()
	if !*all && len(ids) == 0 {
		return errors.New("name the silences to end (see lookout silence list), or --all")
	}
	var ended int
	err := alert.EditSilencesFile(dir, now, func(ss []alert.Silence) ([]alert.Silence, error) {
		for _, id := range ids {
			if !slices.ContainsFunc(ss, func(s alert.Silence) bool { return s.ID == id }) {
				return nil, fmt.Errorf("no silence %q (a configuration window is ended in the configuration)", id)
			}
		}
		before := len(ss)
		ss = slices.DeleteFunc(ss, func(s alert.Silence) bool { return *all || slices.Contains(ids, s.ID) })
		ended = before - len(ss)
		return ss, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "ended %d silence(s)\n", ended)
	return nil
}

// parseUntil reads the end of a silence in local time.
func parseUntil(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	if c, err := time.ParseInLocation("15:04", s, time.Local); err == nil {
		lt := now.Local()
		t := time.Date(lt.Year(), lt.Month(), lt.Day(), c.Hour(), c.Minute(), 0, 0, time.Local)
		if !t.After(now) {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--until %q: expected \"2006-01-02 15:04\", RFC 3339 or \"15:04\"", s)
}
