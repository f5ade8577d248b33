package app

import (
	"context"
	"fmt"
	"log/slog"

	"lookout/internal/autostart"
	"lookout/internal/cli"
	"lookout/internal/i18n"
	"lookout/views"
)

func init() {
	c := command{name: "autostart", usage: "on|off|status", choices: []string{"on", "off", "status"},
		summary: "start Lookout in the tray at login, or stop doing so (~/.config/autostart/lookout.desktop)"}
	c.run = func(ctx context.Context, env *Env, args []string) error {
		fs := newFlags(env, c)
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return cli.Usagef("want one of on, off, status")
		}
		lang := i18n.EN
		if cfg, _, err := env.LoadConfig(); err == nil {
			lang = i18n.Lang(cfg.Language)
		}
		switch fs.Arg(0) {
		case "on":
			exe, err := autostart.Executable()
			if err != nil {
				return err
			}
			if err := autostart.Enable(exe); err != nil {
				return err
			}
		case "off":
			if err := autostart.Disable(); err != nil {
				return err
			}
		case "status":
		default:
			return cli.Usagef("unknown argument %q: want on, off or status", fs.Arg(0))
		}
		on, path, err := autostart.Enabled()
		if err != nil {
			return err
		}
		if on {
			fmt.Fprintln(env.Stdout, i18n.T(lang, "Lookout starts at login (%s).", path))
		} else {
			fmt.Fprintln(env.Stdout, i18n.T(lang, "Lookout does not start at login."))
		}
		return nil
	}
	register(c)
}

// wireAutostart connects Settings → General → Start at login to the
// autostart entry of this executable.
func wireAutostart(s *views.Settings, log *slog.Logger) {
	on, _, err := autostart.Enabled()
	if err != nil {
		log.Warn("autostart", "err", err)
	}
	s.SetAutostart(on, func(on bool) error {
		if !on {
			return autostart.Disable()
		}
		exe, err := autostart.Executable()
		if err != nil {
			return err
		}
		return autostart.Enable(exe)
	})
}
