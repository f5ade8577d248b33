package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lookout/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestDocsGolden: lookoutd(8) and the completions, generated from the
// command table, are the files under testdata/docs (-update rewrites them).
func TestDocsGolden(t *testing.T) {
	t.Setenv("HOME", "~")
	for _, v := range []string{"LOOKOUT_CONFIG", "XDG_CONFIG_HOME", "CONFIGURATION_DIRECTORY", "STATE_DIRECTORY"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	old := version
	version = "golden"
	t.Cleanup(func() { version = old })
	d := program.Describe()
	for format, file := range map[string]string{"man": "lookoutd.8", "bash": "lookoutd.bash", "zsh": "_lookoutd", "fish": "lookoutd.fish"} {
		got := cli.DocFormats[format](d)
		path := filepath.Join("testdata", "docs", file)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -update writes it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s; go test ./cmd/lookoutd -run TestDocsGolden -update rewrites it", format, path)
		}
	}
	man := cli.Man(d)
	for _, w := range []string{".TH LOOKOUTD 8", ".B run", `\-\-token\-file`, "STATE_DIRECTORY", "EXIT STATUS"} {
		if !strings.Contains(man, w) {
			t.Errorf("the man page lacks %q", w)
		}
	}
}
