// Package clitest checks a program's generated documentation (its man page
// and shell completions) against golden files, for the tests of both
// binaries.
package clitest

import (
	"os"
	"path/filepath"
	"testing"

	"lookout/internal/cli"
)

// Neutral clears the variables that change the default paths in help
// texts, and sets HOME to "~", so the goldens are the same on every
// machine.
func Neutral(t *testing.T) {
	t.Helper()
	t.Setenv("HOME", "~")
	for _, v := range []string{"LOOKOUT_CONFIG", "LOOKOUT_STATE_DIR", "LOOKOUT_DATA_DIR", "XDG_CONFIG_HOME",
		"XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "CONFIGURATION_DIRECTORY", "STATE_DIRECTORY", "CACHE_DIRECTORY"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
}

// Goldens compares each format of d's documentation (files maps a
// cli.DocFormats key to a file name under dir) with its file, or
// rewrites the files when update is set. rerun is the command line that
// rewrites them, for the error message.
func Goldens(t *testing.T, d cli.Doc, dir string, files map[string]string, update bool, rerun string) {
	t.Helper()
	for format, file := range files {
		got := cli.DocFormats[format](d)
		path := filepath.Join(dir, file)
		if update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (%s writes it)", err, rerun)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s; %s rewrites it", format, path, rerun)
		}
	}
}
