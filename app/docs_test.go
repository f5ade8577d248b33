package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"lookout/internal/cli"
	"lookout/internal/cli/clitest"
	"lookout/internal/testenv"
)

// neutralEnv makes the help texts' default paths those of a user whose
// home is "~".
func neutralEnv(t *testing.T) { clitest.Neutral(t) }

// TestDocsGolden: lookout(1) and the completions, generated from the
// command table, are the files under testdata/docs (go test -update
// rewrites them after a command changed).
func TestDocsGolden(t *testing.T) {
	neutralEnv(t)
	old := Version
	Version = "golden"
	t.Cleanup(func() { Version = old })
	d := program.Describe()
	clitest.Goldens(t, d, filepath.Join("testdata", "docs"),
		map[string]string{"man": "lookout.1", "bash": "lookout.bash", "zsh": "_lookout", "fish": "lookout.fish"},
		*update, "go test ./app -run TestDocsGolden -update")
	// Every visible command is documented, with its options.
	man := cli.Man(d)
	for _, c := range program.Commands(false) {
		if !strings.Contains(man, ".B "+c.Name) {
			t.Errorf("the man page lacks %s", c.Name)
		}
	}
	if !strings.Contains(man, `\-\-json`) || strings.Contains(man, "_docs") {
		t.Errorf("the man page lacks snapshot --json, or shows the hidden _docs")
	}
}

// TestCompletionsParse: bash reads the generated completion script.
func TestCompletionsParse(t *testing.T) {
	neutralEnv(t)
	bash := testenv.Require(t, "bash")
	f := filepath.Join(t.TempDir(), "lookout")
	os.WriteFile(f, []byte(cli.Bash(program.Describe())), 0o644)
	// Source it and ask for the commands after "lookout sn".
	script := "source " + f + `; COMP_WORDS=(lookout sn); COMP_CWORD=1; _lookout; echo "${COMPREPLY[*]}"` +
		`; COMP_WORDS=(lookout autostart ''); COMP_CWORD=2; _lookout; echo "${COMPREPLY[*]}"`
	out, err := exec.Command(bash, "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got := string(out); got != "snapshot\non off status\n" {
		t.Errorf("completions: %q, want snapshot / on off status", got)
	}
}

// TestCLIQuietUnderCLocale: the command-line subcommands of the real
// binary print nothing on stderr under LANG=C.UTF-8 (Fyne's lang package
// logged "Fyne error: Error parsing user locale C" from its init).
func TestCLIQuietUnderCLocale(t *testing.T) {
	bin := testenv.Binary(t, "LOOKOUT_BIN", "lookout")
	home := t.TempDir()
	for _, args := range [][]string{{"version"}, {"--version"}, {"--help"}, {"snapshot"}, {"autostart", "status"}, {"snapshot", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			cmd := exec.Command(bin, args...)
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "LANG=C.UTF-8"}
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v; stderr: %s", err, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr is not empty:\n%s", stderr.String())
			}
			if stdout.Len() == 0 {
				t.Errorf("nothing on stdout")
			}
		})
	}
}
