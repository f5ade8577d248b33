package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportRestartsNothing: lookout report, polling the hosts itself
// because there is no history, reads them and never runs a watchdog's
// command (it restarted a missing watched process, as only a running
// Lookout may).
func TestReportRestartsNothing(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, ".local", "state"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
	t.Setenv("LOOKOUT_STATE_DIR", "")
	t.Setenv("LOOKOUT_DATA_DIR", "")
	ran := filepath.Join(home, "watchdog-ran")
	cfg := filepath.Join(home, "lookout.toml")
	if err := os.WriteFile(cfg, []byte(`
[[hosts]]
name = "here"
local = true
[[hosts.watchdog]]
process = "no-such-process-lookout-test"
command = ["/usr/bin/touch", "`+ran+`"]
`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := runCLIInput(t, "", "--config", cfg, "report", "--collect", "3s", "--out", "")
	if code != 0 || !strings.Contains(out, "here") {
		t.Fatalf("report (exit %d):\n%s", code, out)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Errorf("lookout report ran the watchdog's command:\n%s", out)
	}
}
