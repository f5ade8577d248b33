package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"lookout/entity"
	"lookout/runtime"

	"lookout/config"
	"lookout/engine"
	"lookout/engine/alert"
)

func TestAlertsAndSilenceCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LOOKOUT_CONFIG", t.TempDir()+"/none.toml")
	now := time.Now().Add(-time.Hour)
	cfg := config.Default()
	cfg.Hosts = []config.Host{{Name: "web", Local: true}}
	e, err := alert.New(runtime.AlertSettings(cfg), engine.NewRing(100), nil, alert.Options{Dir: dir, Clock: alert.ClockFunc(func() time.Time { return now }), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	// The alert of / starts with its first sample over 95 (t+10 s) and
	// resolves at t+50 s: it lasted 40 s.
	for _, v := range []float64{97, 97, 97, 97, 10, 10, 10} {
		now = now.Add(10 * time.Second)
		s := entity.Snapshot{Host: "web", Time: now, CPU: entity.CPUStat{Percent: 10}, Mem: entity.MemStat{TotalBytes: 1, Percent: 20},
			Disks: []entity.DiskStat{{Mount: "/", Percent: v}, {Mount: "/data", Percent: 99}},
			Procs: entity.ProcStats{TopCPU: []entity.ProcStat{{Name: "backup", CPUPercent: 88}}}}
		e.Observe(entity.HostStatus{Host: "web", State: entity.StateOK, LastPoll: now}, s, true)
		e.Evaluate(context.Background(), now)
	}
	e.Close()

	runCmd := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		env := &Env{Stdout: &out, Stderr: &errb}
		if code := run(context.Background(), env, args); code != 0 {
			t.Fatalf("lookout %v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	out := runCmd("alerts", "--dir", dir)
	for _, want := range []string{"Active alerts: 1", "critical  web   Disk /data", "resolved", "lasted 40 s", "top: backup 88%"} {
		if !strings.Contains(out, want) {
			t.Errorf("lookout alerts: no %q in\n%s", want, out)
		}
	}
	if js := runCmd("alerts", "--dir", dir, "--json", "--all"); strings.Count(js, "\n") != 3 {
		t.Errorf("--json: %s", js)
	}

	out = runCmd("silence", "--dir", dir, "add", "--for", "1h", "--host", "web", "--rule", "disk", "--comment", "resize")
	if !strings.Contains(out, "web / disk (resize)") {
		t.Errorf("silence add: %s", out)
	}
	id := strings.TrimSuffix(strings.Fields(out)[1], ":")
	if out = runCmd("silence", "--dir", dir, "list"); !strings.Contains(out, id) || !strings.Contains(out, "cli") {
		t.Errorf("silence list: %s", out)
	}
	if out = runCmd("silence", "--dir", dir, "clear", id); !strings.Contains(out, "ended 1") {
		t.Errorf("silence clear: %s", out)
	}
	if out = runCmd("silence", "--dir", dir, "list"); !strings.Contains(out, "No silences.") {
		t.Errorf("silence list after clear: %s", out)
	}
}
