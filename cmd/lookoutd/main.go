// Command lookoutd is Lookout without a screen: the pull agent that a
// workstation reads (lookoutd agent) and the headless monitoring daemon
// (lookoutd run). It links no Fyne and builds with CGO_ENABLED=0 into one
// static binary to copy to any Linux server.
package main

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
	"syscall"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

// command is one subcommand of lookoutd.
type command struct {
	name    string
	usage   string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
}

var commands = map[string]command{}

// register adds a subcommand; each lives in its own file.
func register(c command) { commands[c.name] = c }

func main() {
	e := &env{stdout: os.Stdout, stderr: os.Stderr}
	e.log = slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{Level: logLevel()}))
	slog.SetDefault(e.log)
	// SIGTERM and SIGINT cancel ctx; commands that want SIGHUP ask for it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, e, os.Args[1:]))
}

func logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv("LOOKOUT_LOG"))); err != nil {
		return slog.LevelInfo
	}
	return l
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		return 2
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintf(e.stdout, "lookoutd %s\n", version)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "lookoutd: unknown command %q\n", args[0])
		usage(e.stderr)
		return 2
	}
	if err := c.run(ctx, e, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(e.stderr, "lookoutd %s: %v\n", c.name, err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: lookoutd COMMAND [options]\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "  %-8s %s\n", "version", "print the version")
}

// newFlags returns a flag set for a subcommand.
func newFlags(e *env, c command) *flag.FlagSet {
	fs := flag.NewFlagSet("lookoutd "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: lookoutd %s %s\n\n%s\n\nOptions:\n", c.name, c.usage, c.summary)
		fs.PrintDefaults()
	}
	return fs
}
