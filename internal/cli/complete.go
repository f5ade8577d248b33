package cli

import (
	"fmt"
	"strings"
)

// Bash returns a bash completion script for the program.
func Bash(d Doc) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	fn := "_" + ident(d.Name)
	w("# bash completion for %s; generated from its command table by '%s _docs bash'.\n", d.Name, d.Name)
	w("%s() {\n", fn)
	w("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n")
	w("  for ((i = 1; i < COMP_CWORD; i++)); do\n    case ${COMP_WORDS[i]} in\n")
	if args := valued(d.Globals); args != "" {
		w("      %s) ((i++)) ;;\n", args)
	}
	w("      -*) ;;\n      *) cmd=${COMP_WORDS[i]}; break ;;\n    esac\n  done\n")
	w("  case $cmd in\n")
	w("    '')\n")
	bashFlags(&b, d.Globals, nil)
	names := make([]string, 0, len(d.Commands))
	for _, c := range d.Commands {
		names = append(names, c.Name)
	}
	w("      COMPREPLY=($(compgen -W '%s' -- \"$cur\")) ;;\n", strings.Join(names, " "))
	for _, c := range d.Commands {
		w("    %s)\n", c.Name)
		bashFlags(&b, c.Flags, c.Choices)
		w("      ;;\n")
	}
	w("  esac\n}\ncomplete -F %s %s\n", fn, d.Name)
	return b.String()
}

func bashFlags(b *strings.Builder, flags []Flag, choices []string) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	if len(flags) > 0 {
		w("      case $prev in\n")
		for _, f := range flags {
			switch {
			case f.Arg == "":
			case f.Kind() == "dir":
				w("        --%s | -%s) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n", f.Name, f.Name)
			case f.Kind() == "file":
				w("        --%s | -%s) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", f.Name, f.Name)
			default:
				w("        --%s | -%s) return ;;\n", f.Name, f.Name)
			}
		}
		w("      esac\n")
	}
	opts := []string{"--help"}
	for _, f := range flags {
		opts = append(opts, "--"+f.Name)
	}
	w("      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return; fi\n", strings.Join(opts, " "))
	if len(choices) > 0 {
		w("      COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return\n", strings.Join(choices, " "))
	}
}

// valued is the bash case pattern of the flags that take a value.
func valued(flags []Flag) string {
	var pats []string
	for _, f := range flags {
		if f.Arg != "" {
			pats = append(pats, "--"+f.Name, "-"+f.Name)
		}
	}
	return strings.Join(pats, " | ")
}

// Zsh returns a zsh completion function for the program (#compdef).
func Zsh(d Doc) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	fn := "_" + ident(d.Name)
	w("#compdef %s\n# zsh completion for %s; generated from its command table by '%s _docs zsh'.\n\n", d.Name, d.Name, d.Name)
	w("%s() {\n  local curcontext=$curcontext state line\n  local -a commands\n  commands=(\n", fn)
	for _, c := range d.Commands {
		w("    %s\n", zq(c.Name+":"+strings.ReplaceAll(c.Summary, ":", `\:`)))
	}
	w("  )\n  _arguments -C \\\n")
	for _, f := range d.Globals {
		w("    %s \\\n", zshFlag(f))
	}
	w("    '1: :->command' \\\n    '*:: :->args'\n")
	w("  case $state in\n    command) _describe -t commands '%s command' commands ;;\n    args)\n      case $line[1] in\n", d.Name)
	for _, c := range d.Commands {
		w("        %s) _arguments", c.Name)
		for _, f := range c.Flags {
			w(" \\\n          %s", zshFlag(f))
		}
		if len(c.Choices) > 0 {
			w(" \\\n          %s", zq("1:"+c.Name+":("+strings.Join(c.Choices, " ")+")"))
		} else if strings.Contains(c.Usage, "FILE") && !strings.Contains(c.Usage, "-") {
			w(" \\\n          '*:file:_files'")
		}
		w(" ;;\n")
	}
	w("      esac ;;\n  esac\n}\n\n%s \"$@\"\n", fn)
	return b.String()
}

func zshFlag(f Flag) string {
	desc := strings.NewReplacer("[", `\[`, "]", `\]`, ":", `\:`).Replace(f.Usage)
	if f.Arg == "" {
		return zq("--" + f.Name + "[" + desc + "]")
	}
	action := ""
	switch f.Kind() {
	case "file":
		action = "_files"
	case "dir":
		action = "_files -/"
	}
	return zq("--" + f.Name + "=[" + desc + "]:" + strings.ReplaceAll(f.Arg, ":", "") + ":" + action)
}

// zq quotes s for zsh (and bash) in single quotes.
func zq(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Fish returns fish completions for the program.
func Fish(d Doc) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# fish completion for %s; generated from its command table by '%s _docs fish'.\n", d.Name, d.Name)
	w("complete -c %s -f\n", d.Name)
	for _, f := range d.Globals {
		w("complete -c %s -n __fish_use_subcommand%s\n", d.Name, fishFlag(f))
	}
	for _, c := range d.Commands {
		w("complete -c %s -n __fish_use_subcommand -a %s -d %s\n", d.Name, c.Name, fq(c.Summary))
	}
	for _, c := range d.Commands {
		cond := fq("__fish_seen_subcommand_from " + c.Name)
		for _, f := range c.Flags {
			w("complete -c %s -n %s%s\n", d.Name, cond, fishFlag(f))
		}
		if len(c.Choices) > 0 {
			w("complete -c %s -n %s -a %s\n", d.Name, cond, fq(strings.Join(c.Choices, " ")))
		}
	}
	return b.String()
}

func fishFlag(f Flag) string {
	s := " -l " + f.Name
	if f.Arg != "" {
		s += " -r"
		if f.Kind() != "" {
			s += " -F"
		}
	}
	return s + " -d " + fq(f.Usage)
}

// fq quotes s for fish in single quotes.
func fq(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

func ident(s string) string { return strings.NewReplacer("-", "_", ".", "_").Replace(s) }
