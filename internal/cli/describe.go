package cli

import (
	"context"
	"flag"
	"io"
	"strings"
)

// Doc is a program's command table as data: what the man page and the
// completions are written from.
type Doc struct {
	Name, Summary, Description string
	Section                    int
	Version                    string
	Default                    string
	Globals                    []Flag
	Commands                   []CommandDoc
	Exit, Environment, Files   []Item
	SeeAlso                    []string
}

// CommandDoc is one command.
type CommandDoc struct {
	Name, Usage, Summary string
	Choices              []string
	Flags                []Flag
}

// Flag is one option.
type Flag struct {
	Name    string
	Arg     string // the value's name, "" for a switch
	Usage   string
	Default string // "" when the zero value
}

// Kind is what a flag's value completes to: "file", "dir" or "" (anything).
func (f Flag) Kind() string {
	a := strings.ToLower(f.Arg)
	switch {
	case strings.Contains(a, "dir"):
		return "dir"
	case strings.Contains(a, "file"), strings.Contains(a, "path"):
		return "file"
	}
	return ""
}

// Describe reads the command table: each visible command is run with
// --help and a cancelled context and its flag set read.
func (p *Program[E]) Describe() Doc {
	d := Doc{Name: p.Name, Summary: p.Summary, Description: p.Description, Section: p.Section,
		Default: p.Default, Exit: p.exitCodes(), Environment: p.Environment, Files: p.Files, SeeAlso: p.SeeAlso}
	if p.Version != nil {
		d.Version = p.Version()
	}
	gfs := flag.NewFlagSet(p.Name, flag.ContinueOnError)
	gfs.Bool("version", false, "print the version and exit")
	if p.Globals != nil {
		p.Globals(gfs, p.NewEnv(io.Discard, io.Discard))
	}
	d.Globals = flagsOf(gfs)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range p.Commands(false) {
		cd := CommandDoc{Name: c.Name, Usage: c.Usage, Summary: c.Summary, Choices: c.Choices}
		env := p.NewEnv(io.Discard, io.Discard)
		in := p.inv(env)
		in.describe = true
		_ = c.Run(ctx, env, []string{"--help"})
		if in.fs != nil {
			cd.Flags = flagsOf(in.fs)
		}
		p.done(env)
		d.Commands = append(d.Commands, cd)
	}
	return d
}

func flagsOf(fs *flag.FlagSet) []Flag {
	var out []Flag
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		def := f.DefValue
		switch def {
		case "", "0", "false", "0s", "[]":
			def = ""
		}
		out = append(out, Flag{Name: f.Name, Arg: arg, Usage: usage, Default: def})
	})
	return out
}
