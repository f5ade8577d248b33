package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckConfigPrintsEveryErrorAndWarning(t *testing.T) {
	os.Unsetenv("LOOKOUT_TEST_UNSET_TOKEN")
	os.Unsetenv("LOOKOUT_TEST_UNSET_SECRET")
	f := filepath.Join(t.TempDir(), "c.toml")
	doc := `intervall = "5s"
language = "fr"
colour = "red"

[[hosts]]
name = "db1"
agent = "https://db1:9120"
token = "${LOOKOUT_TEST_UNSET_TOKEN}"
fail_limitt = 3

[[channels]]
name = "d"
type = "dingtalk"
webhook = "https://oapi.dingtalk.com/robot/send?access_token=t"
secret = "${LOOKOUT_TEST_UNSET_SECRET}"
`
	if err := os.WriteFile(f, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, "check-config", f)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := []string{
		f + `:1: intervall: unknown key (did you mean "interval"?)`,
		f + `:2: language: expected "en" or "zh", got "fr"`,
		f + `:3: colour: unknown key`,
		f + `:8: hosts[0].token: environment variable LOOKOUT_TEST_UNSET_TOKEN is not set`,
		f + `:9: hosts.fail_limitt: unknown key (did you mean "fail_limit"?)`,
		"warning: " + f + `: channels[0].secret: environment variable LOOKOUT_TEST_UNSET_SECRET is not set`,
		f + ": 5 error(s), 1 warning(s)",
	}
	if got := strings.TrimSpace(out); got != strings.Join(want, "\n") {
		t.Errorf("output:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// TestCheckConfigNoFile: with no file at the default place check-config
// says so and that the defaults apply (exit 0); it said "ok" of a file
// that does not exist.
func TestCheckConfigNoFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("LOOKOUT_CONFIG", "")
	t.Setenv("CONFIGURATION_DIRECTORY", "")
	out, code := runCLIInput(t, "", "check-config")
	want := filepath.Join(home, ".config", "lookout", "config.toml") + ": no such file: Lookout runs on the defaults (this machine)\n"
	if code != 0 || out != want {
		t.Errorf("check-config with no file (exit %d): %q, want %q", code, out, want)
	}
}
