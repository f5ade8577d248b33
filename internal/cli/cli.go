// Package cli is the subcommand framework of both binaries, lookout and
// lookoutd: a table of commands, each registered from its own file, that
// the program dispatches to and from which --help, the man page and the
// shell completions are generated (Describe, Man, Bash, Zsh, Fish).
//
// A command declares its options on the flag set Program.Flags returns, at
// the start of its Run, and returns the error of Parse as it is. Describe
// runs each command with --help and a cancelled context to read the flags
// it declares, so the documentation is the same table the binary runs.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// Exit codes every command shares.
const (
	ExitOK      = 0 // the command did what it was asked
	ExitFailure = 1 // it failed; the reason is on stderr
	ExitUsage   = 2 // the command line was wrong: unknown command or option, missing argument
)

// ExitError ends a command with a process exit code and no message of its
// own (the command printed what it had to say).
type ExitError int

func (e ExitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// Usagef returns an error that prints the message and the command's usage
// and exits with ExitUsage.
func Usagef(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// Command is one subcommand.
type Command[E comparable] struct {
	Name    string
	Usage   string // the arguments after the name, e.g. "[--json] [--host NAME]"
	Summary string // one line, lower case, no full stop
	// Choices are the words the first argument can be (completions).
	Choices []string
	// Hidden commands are left out of --help, the man page and completions.
	Hidden bool
	Run    func(ctx context.Context, env E, args []string) error
}

// Item is a term and its description in the man page (exit codes,
// environment variables, files).
type Item struct{ Term, Text string }

// Program is one binary's command table.
type Program[E comparable] struct {
	Name        string // the binary, e.g. "lookout"
	Section     int    // its man page section: 1 for users' commands, 8 for daemons
	Summary     string // NAME line of the man page
	Description string // paragraphs, separated by blank lines
	// Default is the command run when none is given; "" prints the usage
	// and exits with ExitUsage.
	Default string
	// Version returns the version --version prints.
	Version func() string
	// Globals declares the options that come before the command.
	Globals func(fs *flag.FlagSet, env E)
	// Output returns where env's command writes.
	Output func(env E) (stdout, stderr io.Writer)
	// NewEnv returns an environment writing to out and err (Describe).
	NewEnv func(out, err io.Writer) E
	// Exit, Environment and Files are man page sections beside the
	// exit codes every program shares.
	Exit        []Item
	Environment []Item
	Files       []Item
	SeeAlso     []string

	mu       sync.Mutex
	commands map[string]Command[E]
	// runs holds what the running command's flag set did, by env.
	runs map[E]*invocation
}

type invocation struct {
	fs        *flag.FlagSet
	describe  bool
	usageSeen bool
	// usage is the command's usage text, held until Run knows whether it
	// answers --help (stdout) or a mistake (stderr).
	usage bytes.Buffer
}

// Register adds a command. Each command lives in its own file and
// registers itself from init.
func (p *Program[E]) Register(c Command[E]) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.commands == nil {
		p.commands = map[string]Command[E]{}
	}
	if _, dup := p.commands[c.Name]; dup {
		panic("cli: command registered twice: " + c.Name)
	}
	p.commands[c.Name] = c
}

// Lookup returns the named command.
func (p *Program[E]) Lookup(name string) (Command[E], bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.commands[name]
	return c, ok
}

// Commands returns the commands in name order, hidden ones included when
// hidden is true.
func (p *Program[E]) Commands(hidden bool) []Command[E] {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Command[E], 0, len(p.commands))
	for _, c := range p.commands {
		if hidden || !c.Hidden {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (p *Program[E]) inv(env E) *invocation {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.runs == nil {
		p.runs = map[E]*invocation{}
	}
	in := p.runs[env]
	if in == nil {
		in = &invocation{}
		p.runs[env] = in
	}
	return in
}

func (p *Program[E]) done(env E) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.runs, env)
}

// Flags returns the flag set of the named command for env: its usage
// line comes from the table, parse errors exit with ExitUsage.
func (p *Program[E]) Flags(env E, name string) *flag.FlagSet {
	c, _ := p.Lookup(name)
	_, stderr := p.Output(env)
	in := p.inv(env)
	fs := flag.NewFlagSet(p.Name+" "+name, flag.ContinueOnError)
	in.fs = fs
	if in.describe {
		fs.SetOutput(io.Discard)
		fs.Usage = func() {}
		return fs
	}
	fs.SetOutput(stderr)
	fs.Usage = func() {
		in.usageSeen = true
		p.commandUsage(&in.usage, c, fs)
		fs.SetOutput(stderr)
	}
	return fs
}

func (p *Program[E]) commandUsage(w io.Writer, c Command[E], fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: %s %s %s\n\n%s\n", p.Name, c.Name, c.Usage, c.Summary)
	if fs == nil {
		return
	}
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(w)
	if b.Len() > 0 {
		fmt.Fprintf(w, "\nOptions:\n%s", b.String())
	}
}

// Run parses the global options, runs the command and returns the exit
// code: ExitOK, ExitFailure (the error is printed), ExitUsage, or the
// command's ExitError.
func (p *Program[E]) Run(ctx context.Context, env E, args []string) int {
	stdout, stderr := p.Output(env)
	fs := flag.NewFlagSet(p.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	version := fs.Bool("version", false, "print the version and exit")
	if p.Globals != nil {
		p.Globals(fs, env)
	}
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			p.Usage(stdout, fs)
			return ExitOK
		}
		p.Usage(stderr, fs)
		return ExitUsage
	}
	if *version {
		fmt.Fprintf(stdout, "%s %s\n", p.Name, p.Version())
		return ExitOK
	}
	rest := fs.Args()
	name := p.Default
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	if name == "" {
		p.Usage(stderr, fs)
		return ExitUsage
	}
	if name == "help" {
		if len(rest) > 0 {
			if c, ok := p.Lookup(rest[0]); ok {
				return p.Run(ctx, env, []string{c.Name, "--help"})
			}
		}
		p.Usage(stdout, fs)
		return ExitOK
	}
	c, ok := p.Lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "%s: unknown command %q\n", p.Name, name)
		p.Usage(stderr, fs)
		return ExitUsage
	}
	in := p.inv(env)
	defer p.done(env)
	err := c.Run(ctx, env, rest)
	if errors.Is(err, flag.ErrHelp) {
		stdout.Write(in.usage.Bytes())
	} else {
		stderr.Write(in.usage.Bytes())
	}
	var code ExitError
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &code):
		return int(code)
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s %s: %s\n", p.Name, name, ue.msg)
		p.commandUsage(stderr, c, in.fs)
		return ExitUsage
	case in.usageSeen:
		// The flag package printed the error and the usage.
		return ExitUsage
	}
	fmt.Fprintf(stderr, "%s %s: %v\n", p.Name, name, err)
	return ExitFailure
}

// Usage prints the program's help: synopsis, commands, global options and
// exit codes.
func (p *Program[E]) Usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: %s %s\n\n", p.Name, p.synopsis())
	if p.Description != "" {
		fmt.Fprintf(w, "%s\n\n", strings.TrimSpace(p.Description))
	}
	fmt.Fprintf(w, "Commands:\n")
	cmds := p.Commands(false)
	width := 8
	for _, c := range cmds {
		width = max(width, len(c.Name))
	}
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Name, c.Summary)
	}
	fmt.Fprintf(w, "\nGlobal options:\n")
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
	fmt.Fprintf(w, "\nExit status:\n")
	for _, it := range p.exitCodes() {
		fmt.Fprintf(w, "  %-3s %s\n", it.Term, it.Text)
	}
	fmt.Fprintf(w, "\nRun '%s COMMAND --help' for a command's options; 'man %d %s' for more.\n", p.Name, p.Section, p.Name)
}

func (p *Program[E]) synopsis() string {
	if p.Default != "" {
		return "[options] [command] [arguments]"
	}
	return "[options] command [arguments]"
}

func (p *Program[E]) exitCodes() []Item {
	out := []Item{
		{"0", "success"},
		{"1", "failure; the reason is printed on standard error"},
		{"2", "usage error: unknown command or option, missing or bad argument"},
	}
	return append(out, p.Exit...)
}
