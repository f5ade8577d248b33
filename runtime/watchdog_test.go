package runtime

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/config"
)

// TestWatchdogRestartsLocalProcess runs the monitor on this machine with
// a watchdog for a process that does not exist: its restart command runs
// and the attempt is recorded; a one-shot collector never runs it.
func TestWatchdogRestartsLocalProcess(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "restarted")
	doc := `interval = "1s"
[[hosts]]
name = "here"
local = true
[[hosts.watchdog]]
process = "lookout-no-such-daemon"
command = ["/bin/sh", "-c", "echo restarted >> ` + marker + `"]
max_attempts = 1
`
	cfg, err := config.Parse("test.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	col, err := NewCollector(cfg, cfg.Hosts[0])
	if err != nil {
		t.Fatal(err)
	}
	s, err := col.Collect(context.Background())
	if err != nil || len(s.Procs.Missing) != 1 {
		t.Fatalf("one-shot collect: %v, missing %v", err, s.Procs.Missing)
	}
	m := New(cfg, nil)
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(m.WatchdogHistory()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no restart attempt in 20 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	m.Stop()
	b, _ := os.ReadFile(marker)
	if strings.Count(string(b), "restarted") != 1 {
		t.Errorf("restart command ran %d times, want 1 (max_attempts = 1)", strings.Count(string(b), "restarted"))
	}
	h := m.WatchdogHistory()
	if len(h) != 1 || !h[0].OK() || h[0].Process != "lookout-no-such-daemon" || h[0].Host != "here" {
		t.Errorf("history %+v", h)
	}
}
