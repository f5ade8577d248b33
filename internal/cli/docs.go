package cli

import (
	"context"
	"fmt"
	"os"
)

// DocFormats are what the hidden _docs command writes.
var DocFormats = map[string]func(Doc) string{"man": Man, "bash": Bash, "zsh": Zsh, "fish": Fish}

// RegisterDocs adds the hidden command "_docs man|bash|zsh|fish" that
// prints the man page or a completion script generated from the table
// (make package runs it on the built binary).
func (p *Program[E]) RegisterDocs() {
	p.Register(Command[E]{Name: "_docs", Usage: "man|bash|zsh|fish", Hidden: true,
		Summary: "print the man page or a shell completion generated from the command table",
		Run: func(_ context.Context, env E, args []string) error {
			if len(args) != 1 || DocFormats[args[0]] == nil {
				return Usagef("want one of man, bash, zsh, fish")
			}
			Neutral()
			out, _ := p.Output(env)
			_, err := fmt.Fprint(out, DocFormats[args[0]](p.Describe()))
			return err
		}})
}

// Neutral sets the environment the directories in help texts are derived
// from to the defaults of a user whose home is "~", so that generated
// documentation does not depend on who built it.
func Neutral() {
	os.Setenv("HOME", "~")
	for _, v := range []string{"LOOKOUT_CONFIG", "LOOKOUT_STATE_DIR", "LOOKOUT_DATA_DIR", "XDG_CONFIG_HOME",
		"XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "CONFIGURATION_DIRECTORY", "STATE_DIRECTORY", "CACHE_DIRECTORY"} {
		os.Unsetenv(v)
	}
}
