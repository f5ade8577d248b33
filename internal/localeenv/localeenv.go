// Package localeenv keeps the window toolkit quiet under the C locale with
// an encoding (LANG=C.UTF-8, the default of containers and CI).
//
// Fyne's lang package reads the locale in its package init, every time
// lookout starts, window or not: it reads "C.UTF-8" as the language tag
// "C", which does not parse, and logs "Fyne error: Error parsing user
// locale C" three times on stderr. Plain "C" it understands (English). This
// package's init runs before Fyne's (it imports only os and strings, and
// main imports it), sets the variable that names the locale to "C" for the
// duration of the package inits, and Restore puts the value back before
// main runs anything, so child processes and Lookout itself see the
// locale the user set.
package localeenv

import (
	"os"
	"strings"
)

var saved = map[string]string{}

func init() {
	// The first of these that is set names the messages locale (POSIX,
	// and go-locale, which Fyne uses, read them in this order).
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if IsC(v) && v != "C" && v != "POSIX" {
			saved[name] = v
			os.Setenv(name, "C")
		}
		return
	}
}

// IsC reports whether a locale value is the C or POSIX locale, with or
// without an encoding or modifier (C.UTF-8, POSIX@euro).
func IsC(v string) bool {
	lang, _, _ := strings.Cut(v, ".")
	lang, _, _ = strings.Cut(lang, "@")
	return lang == "C" || lang == "POSIX"
}

// Restore puts back the variables init changed. main calls it first.
func Restore() {
	for k, v := range saved {
		os.Setenv(k, v)
	}
	clear(saved)
}
