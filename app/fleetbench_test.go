package app

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"lookout/internal/desktoptest"
	"lookout/internal/fake"
	"lookout/internal/testenv"
)

// procStat reads a process's CPU time (utime+stime, 10 ms ticks) and a
// "VmRSS:"-style line of its status, in MB.
func procStat(b *testing.B, pid int, key string) (time.Duration, float64) {
	st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	s := string(st)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	ut, _ := strconv.Atoi(f[11])
	sy, _ := strconv.Atoi(f[12])
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	mb := 0.0
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, key+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			mb = kb / 1024
		}
	}
	return time.Duration(ut+sy) * 10 * time.Millisecond, mb
}

// BenchmarkWindowFleet1000 runs the real window (bin/lookout, under Xvfb
// and a session bus with a tray) on a PromQL fleet of 1,000 instances
// from a fake Prometheus in this process, polled every 5 s, in the card
// overview and in the table, and reports the window process's CPU per
// round and its RSS. Each op is one round: run with -benchtime 6x.
func BenchmarkWindowFleet1000(b *testing.B) {
	for _, mode := range modesToBench() {
		b.Run(mode, func(b *testing.B) { benchWindowFleet(b, mode) })
	}
}

func benchWindowFleet(b *testing.B, mode string) {
	desktoptest.SessionBus(b)
	display := testenv.Display(b)
	desktoptest.StartWatcher(b)
	bin := testenv.Binary(b, "LOOKOUT_BIN", "lookout")
	prom := fake.NewPrometheus(b, 1000)
	home := b.TempDir()
	cfg := filepath.Join(home, "lookout.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("interval = \"5s\"\nretention = \"1h\"\n[[hosts]]\nname = \"fleet\"\npromql = %q\n", prom.URL())), 0o600)
	// The overview's mode is a preference the window remembers.
	prefs := filepath.Join(home, "config", "fyne", AppID)
	os.MkdirAll(prefs, 0o700)
	os.WriteFile(filepath.Join(prefs, "preferences.json"), []byte(`{"overview.mode":"`+mode+`"}`), 0o600)
	cmd := exec.Command(bin, "--config", cfg)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_STATE_HOME="+filepath.Join(home, "state"),
		"LANG=en_US.UTF-8", "LOOKOUT_CONFIG=")
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	testenv.WaitWindow(b, display, "Lookout", 60*time.Second)
	deadline := time.Now().Add(2 * time.Minute)
	for prom.Queries() < 3*prom.Distinct() || prom.Distinct() == 0 { // discovery and two rounds
		if time.Now().After(deadline) {
			b.Fatalf("the window did not poll the fleet:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	perRound := prom.Distinct()
	b.ResetTimer()
	cpu, _ := procStat(b, cmd.Process.Pid, "VmRSS")
	start := prom.Queries()
	for b.Loop() {
		target := prom.Queries() + perRound
		for prom.Queries() < target {
			time.Sleep(20 * time.Millisecond)
		}
	}
	rounds := float64(prom.Queries()-start) / float64(perRound)
	end, rss := procStat(b, cmd.Process.Pid, "VmRSS")
	b.ReportMetric(float64(end-cpu)/float64(time.Millisecond)/rounds, "cpu-ms/round")
	b.ReportMetric(rss, "rss-MB")
}

func modesToBench() []string {
	if m := os.Getenv("LOOKOUT_BENCH_MODE"); m != "" {
		return []string{m}
	}
	return []string{"cards", "table"}
}
