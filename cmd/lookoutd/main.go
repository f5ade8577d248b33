// Command lookoutd is Lookout without a screen: the pull agent that a
// workstation reads (lookoutd agent) and the headless monitoring daemon
// (lookoutd run). It links no Fyne and builds with CGO_ENABLED=0 into one
// static binary to copy to any Linux server.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"lookout/internal/cli"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

// command is one subcommand of lookoutd; each lives in its own file and
// registers itself from init.
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

// program is lookoutd's command table (internal/cli): --help, the man page
// lookoutd(8) and the completions are generated from it.
var program = &cli.Program[*env]{
	Name:    "lookoutd",
	Section: 8,
	Summary: "Lookout's headless monitoring daemon and pull agent",
	Description: `lookoutd run polls the configured hosts like the Lookout window does, without a
screen: it keeps the history on disk, sends alerts and reports to the chat groups,
serves /metrics and /healthz, and reloads its configuration on SIGHUP. The Debian
package runs it as the systemd service lookoutd.service, as the system user
lookoutd, with its state in /var/lib/lookoutd ($STATE_DIRECTORY) and its
configuration in /etc/lookout/lookoutd.toml.

lookoutd agent serves this machine's snapshot to a Lookout window that reads
it over HTTP (the "agent" host kind) and to Prometheus.`,
	Version: func() string { return version },
	Output:  func(e *env) (io.Writer, io.Writer) { return e.stdout, e.stderr },
	NewEnv: func(out, err io.Writer) *env {
		return &env{stdout: out, stderr: err, log: slog.New(slog.DiscardHandler)}
	},
	Environment: []cli.Item{
		{Term: "LOOKOUT_CONFIG", Text: "the configuration file, when --config is not given"},
		{Term: "LOOKOUT_LOG", Text: "log level: debug, info (the default), warn or error"},
		{Term: "STATE_DIRECTORY", Text: "set by systemd (StateDirectory=): where the history and the outbox live"},
		{Term: "CONFIGURATION_DIRECTORY", Text: "set by systemd (ConfigurationDirectory=): where the configuration is read"},
	},
	Files: []cli.Item{
		{Term: "/etc/lookout/lookoutd.toml", Text: "the service's configuration (the same format as Lookout's config.toml)"},
		{Term: "/var/lib/lookoutd", Text: "the service's state: history database and outbox"},
		{Term: "/usr/lib/systemd/system/lookoutd.service", Text: "the systemd unit"},
	},
	SeeAlso: []string{"lookout(1)", "systemctl(1)", "journalctl(1)"},
}

// register adds a subcommand to lookoutd's table.
func register(c command) {
	program.Register(cli.Command[*env]{Name: c.name, Usage: c.usage, Summary: c.summary, Run: c.run})
}

func init() {
	program.RegisterDocs()
	register(command{name: "version", summary: "print the version", run: func(_ context.Context, e *env, _ []string) error {
		fmt.Fprintf(e.stdout, "lookoutd %s\n", version)
		return nil
	}})
}

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

// run runs one command line; exit codes are internal/cli's.
func run(ctx context.Context, e *env, args []string) int { return program.Run(ctx, e, args) }

// newFlags returns the flag set of a subcommand, its usage line from the
// table.
func newFlags(e *env, c command) *flag.FlagSet { return program.Flags(e, c.name) }
