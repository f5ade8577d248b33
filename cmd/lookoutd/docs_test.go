package main

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"lookout/internal/cli"
	"lookout/internal/cli/clitest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestDocsGolden: lookoutd(8) and the completions, generated from the
// command table, are the files under testdata/docs (-update rewrites them).
func TestDocsGolden(t *testing.T) {
	clitest.Neutral(t)
	old := version
	version = "golden"
	t.Cleanup(func() { version = old })
	d := program.Describe()
	clitest.Goldens(t, d, filepath.Join("testdata", "docs"),
		map[string]string{"man": "lookoutd.8", "bash": "lookoutd.bash", "zsh": "_lookoutd", "fish": "lookoutd.fish"},
		*update, "go test ./cmd/lookoutd -run TestDocsGolden -update")
	man := cli.Man(d)
	for _, w := range []string{".TH LOOKOUTD 8", ".B run", `\-\-token\-file`, "STATE_DIRECTORY", "EXIT STATUS"} {
		if !strings.Contains(man, w) {
			t.Errorf("the man page lacks %q", w)
		}
	}
}
