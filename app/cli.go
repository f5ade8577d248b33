package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"lookout/config"
	"lookout/internal/cli"
	"lookout/internal/paths"
)

// Version is set at build time (-ldflags "-X lookout/app.Version=...").
var Version = "dev"

// Env is what a command runs with.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	// ConfigFlag is the --config value ("" when not given).
	ConfigFlag string
	// Hidden is --hidden before the command: the window starts in the
	// tray (lookout --hidden is what starting at login runs).
	Hidden bool
	Log    *slog.Logger
}

// LoadConfig resolves and loads the configuration file.
func (e *Env) LoadConfig() (config.Config, string, error) {
	path, explicit := config.Resolve(e.ConfigFlag)
	c, err := config.Load(path, explicit)
	return c, path, err
}

// command is one subcommand of lookout. Each command lives in its own
// file and registers itself from init with register.
type command struct {
	name    string
	usage   string // arguments, e.g. "[--json] [--host NAME]"
	summary string
	// choices are the words the first argument can be (completions).
	choices []string
	run     func(ctx context.Context, env *Env, args []string) error
}

// program is lookout's command table (internal/cli): --help, the man page
// lookout(1) and the shell completions are generated from it.
var program = &cli.Program[*Env]{
	Name:    "lookout",
	Section: 1,
	Summary: "desktop and tray monitor for this machine and your servers",
	Description: `With no command, lookout opens its window and tray icon; with --hidden
(window --hidden) it starts in the tray only, as it does at login.

The commands below work without a display: they do not start the window
toolkit, and print to standard output. lookout hosts also exits 1 when a
host is not ok, and lookout check-config when the file has errors.`,
	Default: "window",
	Version: func() string { return Version },
	Globals: func(fs *flag.FlagSet, env *Env) {
		fs.BoolVar(&env.Hidden, "hidden", false, "with no command: start in the tray without showing the window (as at login)")
		fs.StringVar(&env.ConfigFlag, "config", "", "configuration `file` (default $LOOKOUT_CONFIG or "+paths.MustResolve().ConfigFile+")")
	},
	Output: func(env *Env) (io.Writer, io.Writer) { return env.Stdout, env.Stderr },
	NewEnv: func(out, err io.Writer) *Env {
		return &Env{Stdout: out, Stderr: err, Stdin: strings.NewReader(""), Log: slog.New(slog.DiscardHandler)}
	},
	Environment: []cli.Item{
		{Term: "LOOKOUT_CONFIG", Text: "the configuration file, when --config is not given"},
		{Term: "LOOKOUT_LOG", Text: "log level: debug, info (the default), warn or error"},
		{Term: "XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME", Text: "where the configuration, the outbox and the history live (default ~/.config, ~/.local/state, ~/.local/share)"},
	},
	Files: []cli.Item{
		{Term: "~/.config/lookout/config.toml", Text: "the configuration (Settings writes it)"},
		{Term: "~/.config/lookout/known_hosts", Text: "host keys trusted with lookout trust"},
		{Term: "~/.config/autostart/lookout.desktop", Text: "present while lookout starts at login (lookout autostart)"},
	},
	SeeAlso: []string{"lookoutd(8)"},
}

// register adds a subcommand to lookout's table.
func register(c command) {
	program.Register(cli.Command[*Env]{Name: c.name, Usage: c.usage, Summary: c.summary, Choices: c.choices, Run: c.run})
}

// exitError carries a process exit code without a message of its own.
type exitError = cli.ExitError

// Main runs the lookout command line and returns the exit code.
func Main(args []string) int {
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin}
	env.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()}))
	slog.SetDefault(env.Log)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, env, args)
}

func logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv("LOOKOUT_LOG"))); err != nil {
		return slog.LevelInfo
	}
	return l
}

// run runs one command line; exit codes are internal/cli's.
func run(ctx context.Context, env *Env, args []string) int { return program.Run(ctx, env, args) }

// newFlags returns the flag set of a subcommand, its usage line from the
// table.
func newFlags(env *Env, c command) *flag.FlagSet { return program.Flags(env, c.name) }

func init() {
	program.RegisterDocs()
	register(command{name: "version", summary: "print the version", run: func(_ context.Context, env *Env, _ []string) error {
		fmt.Fprintf(env.Stdout, "lookout %s\n", Version)
		return nil
	}})
}
