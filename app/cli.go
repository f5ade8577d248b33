package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"lookout/config"
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
	Log        *slog.Logger
}

// LoadConfig resolves and loads the configuration file.
func (e *Env) LoadConfig() (config.Config, string, error) {
	path, explicit := config.Resolve(e.ConfigFlag)
	c, err := config.Load(path, explicit)
	return c, path, err
}

// command is one subcommand of lookout.
type command struct {
	name    string
	usage   string // arguments, e.g. "[--json] [--host NAME]"
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

var commands = map[string]command{}

// register adds a subcommand. Each command lives in its own file and
// registers itself from init.
func register(c command) { commands[c.name] = c }

// exitError carries a process exit code without a message of its own.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

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

func run(ctx context.Context, env *Env, args []string) int {
	fs := flag.NewFlagSet("lookout", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	version := fs.Bool("version", false, "print the version and exit")
	fs.StringVar(&env.ConfigFlag, "config", "", "configuration `file` (default $LOOKOUT_CONFIG or "+paths.MustResolve().ConfigFile+")")
	fs.Usage = func() { usage(env.Stderr, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *version {
		fmt.Fprintf(env.Stdout, "lookout %s\n", Version)
		return 0
	}
	rest := fs.Args()
	name := "window"
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "lookout: unknown command %q\n", name)
		usage(env.Stderr, fs)
		return 2
	}
	err := cmd.run(ctx, env, rest)
	var code exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &code):
		return int(code)
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	fmt.Fprintf(env.Stderr, "lookout %s: %v\n", name, err)
	return 1
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: lookout [--config FILE] [command] [arguments]\n\nWith no command, lookout opens its window.\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  %-14s %s\n", n, c.summary)
	}
	fmt.Fprintf(w, "\nGlobal options:\n")
	fs.PrintDefaults()
	fmt.Fprintf(w, "\nRun 'lookout COMMAND --help' for a command's options.\n")
}

// newFlags returns a flag set for a subcommand with a usage line.
func newFlags(env *Env, c command) *flag.FlagSet {
	fs := flag.NewFlagSet("lookout "+c.name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: lookout %s %s\n\n%s\n", c.name, c.usage, c.summary)
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(env.Stderr)
		if b.Len() > 0 {
			fmt.Fprintf(env.Stderr, "\nOptions:\n%s", b.String())
		}
	}
	return fs
}

func init() {
	register(command{name: "version", summary: "print the version", run: func(_ context.Context, env *Env, _ []string) error {
		fmt.Fprintf(env.Stdout, "lookout %s\n", Version)
		return nil
	}})
}
