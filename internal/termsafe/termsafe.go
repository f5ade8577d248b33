// Package termsafe keeps text that came from elsewhere (a process name or
// a mount point a remote host reported, a service's reply) from driving
// the terminal it is printed on: control characters, ESC above all, are
// written as visible escapes such as \x1b, so no colour, cursor move,
// title change or hyperlink sequence reaches the terminal.
package termsafe

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// String returns s with every C0 control (newline and tab included),
// DEL and C1 control written as a visible escape (\x1b, \n, \u009b), and
// invalid UTF-8 as \xNN: one line, safe to print in a table cell.
func String(s string) string { return escape(s, false) }

// Text is String for text of several lines: newlines and tabs are kept.
func Text(s string) string { return escape(s, true) }

func escape(s string, keepLines bool) string {
	if !needs(s, keepLines) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needs(s string, keepLines bool) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return true
		case keepLines && (r == '\n' || r == '\t'):
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return true
		}
		i += n
	}
	return false
}

// Writer writes to W through Text: what a command prints keeps its lines
// and tabs (tables), and nothing else reaches the terminal raw.
type Writer struct{ W io.Writer }

// Write writes p escaped and reports len(p) written on success. A
// multi-byte character split across two writes is escaped byte by byte:
// print through one Write per line (fmt, tabwriter) to avoid that.
func (w Writer) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.W, Text(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
