package cli

import (
	"fmt"
	"strings"
)

// Man returns the program's man page in roff (man macros).
func Man(d Doc) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	manual := "User Commands"
	if d.Section == 8 {
		manual = "System Administration"
	}
	w(".TH %s %d \"\" \"%s %s\" \"%s\"\n", strings.ToUpper(d.Name), d.Section, d.Name, roff(d.Version), manual)
	w(".SH NAME\n%s \\- %s\n", d.Name, roff(d.Summary))
	w(".SH SYNOPSIS\n.B %s\n[\\fIoptions\\fR]", d.Name)
	if d.Default != "" {
		w(" [\\fIcommand\\fR]")
	} else {
		w(" \\fIcommand\\fR")
	}
	w(" [\\fIarguments\\fR]\n")
	if d.Description != "" {
		w(".SH DESCRIPTION\n")
		for i, para := range strings.Split(strings.TrimSpace(d.Description), "\n\n") {
			if i > 0 {
				w(".PP\n")
			}
			w("%s\n", roff(strings.Join(strings.Fields(para), " ")))
		}
	}
	w(".SH OPTIONS\nThese come before the command.\n")
	for _, f := range d.Globals {
		manFlag(&b, f)
	}
	w(".SH COMMANDS\n")
	for _, c := range d.Commands {
		w(".TP\n.B %s", c.Name)
		if c.Usage != "" {
			w(" %s", roffUsage(c.Usage))
		}
		w("\n%s.\n", roff(capital(c.Summary)))
		if len(c.Flags) > 0 {
			w(".RS\n")
			for _, f := range c.Flags {
				manFlag(&b, f)
			}
			w(".RE\n")
		}
	}
	section := func(title string, items []Item) {
		if len(items) == 0 {
			return
		}
		w(".SH %s\n", title)
		for _, it := range items {
			w(".TP\n.B %s\n%s\n", roff(it.Term), roff(it.Text))
		}
	}
	section("EXIT STATUS", d.Exit)
	section("ENVIRONMENT", d.Environment)
	section("FILES", d.Files)
	if len(d.SeeAlso) > 0 {
		refs := make([]string, len(d.SeeAlso))
		for i, s := range d.SeeAlso {
			name, sec, _ := strings.Cut(s, "(")
			refs[i] = fmt.Sprintf(".BR %s (%s", name, sec)
		}
		w(".SH SEE ALSO\n%s\n", strings.Join(refs, " ,\n"))
	}
	return b.String()
}

func manFlag(b *strings.Builder, f Flag) {
	fmt.Fprintf(b, ".TP\n.B \\-\\-%s", strings.ReplaceAll(roff(f.Name), "-", `\-`))
	if f.Arg != "" {
		fmt.Fprintf(b, " \\fI%s\\fR", roff(f.Arg))
	}
	text := capital(f.Usage)
	if f.Default != "" {
		text += " (default " + f.Default + ")"
	}
	fmt.Fprintf(b, "\n%s\n", roff(text))
}

// roffUsage sets a usage line: options bold, their values italic.
func roffUsage(u string) string {
	words := strings.Fields(u)
	for i, w := range words {
		pre, core, post := splitBrackets(w)
		switch {
		case strings.HasPrefix(core, "-"):
			core = "\\fB" + strings.ReplaceAll(roff(core), "-", "\\-") + "\\fR"
		case core != "":
			core = "\\fI" + roff(core) + "\\fR"
		}
		words[i] = roff(pre) + core + roff(post)
	}
	return strings.Join(words, " ")
}

func splitBrackets(w string) (pre, core, post string) {
	i := 0
	for i < len(w) && strings.ContainsRune("[(", rune(w[i])) {
		i++
	}
	j := len(w)
	for j > i && strings.ContainsRune("])|.", rune(w[j-1])) {
		j--
	}
	return w[:i], w[i:j], w[j:]
}

// roff escapes text for a roff line: backslashes, and a leading dot or
// quote that would read as a request.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return strings.ReplaceAll(s, "\n.", "\n\\&.")
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
