package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"lookout/internal/fake"
)

// procCPU is a process's user+system CPU time (/proc/PID/stat fields 14
// and 15, in clock ticks of 10 ms).
func procCPU(t testing.TB, pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:]) // fields from 3 on
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// procKB reads a "VmRSS:"-style line of /proc/PID/status, in kB.
func procKB(t testing.TB, pid int, key string) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, key+":"); ok {
			n, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return n
		}
	}
	return 0
}

// BenchmarkLookoutdFleet1000 runs the real lookoutd on a PromQL fleet of
// 1,000 instances (a fake Prometheus in this process, internal/fake)
// polled every 5 s, with its rules and its history on disk, and reports
// lookoutd's own CPU per round (from /proc, so the fake's is not
// counted), its RSS after the rounds and its peak RSS, with the default
// in-memory retention (6h) and with 1h. Each op is one round: run with
// -benchtime 6x.
func BenchmarkLookoutdFleet1000(b *testing.B) {
	for _, retention := range []string{"6h", "1h"} {
		b.Run("retention="+retention, func(b *testing.B) { benchFleet(b, retention) })
	}
}

func benchFleet(b *testing.B, retention string) {
	bin := os.Getenv("LOOKOUTD_BIN")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "lookoutd")
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("build lookoutd: %v\n%s", err, out)
		}
	}
	prom := fake.NewPrometheus(b, 1000)
	dir := b.TempDir()
	cfg := filepath.Join(dir, "lookout.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("interval = \"5s\"\nretention = %q\n[[hosts]]\nname = \"fleet\"\npromql = %q\n", retention, prom.URL())), 0o600)
	logs := &logBuf{}
	cmd := exec.Command(bin, "run", "--config", cfg)
	cmd.Env = append(os.Environ(), "LOOKOUT_STATE_DIR="+filepath.Join(dir, "state"))
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	pid := cmd.Process.Pid
	// Discovery is one refresh; then every round is one more.
	deadline := time.Now().Add(60 * time.Second)
	for prom.Queries() == 0 {
		if time.Now().After(deadline) {
			b.Fatalf("lookoutd never asked Prometheus:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var perRound int64
	waitRounds := func(n int64) {
		target := prom.Queries() + n*perRound
		for prom.Queries() < target {
			if time.Now().After(deadline) {
				b.Fatalf("lookoutd stopped polling:\n%s", logs)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	deadline = time.Now().Add(2 * time.Minute)
	for prom.Queries() < 2*prom.Distinct() { // discovery and a first round
		time.Sleep(20 * time.Millisecond)
	}
	perRound = prom.Distinct()
	waitRounds(2) // warm: history tables made
	b.ResetTimer()
	cpu := procCPU(b, pid)
	start := prom.Queries()
	deadline = time.Now().Add(time.Duration(b.N+2) * 30 * time.Second)
	for b.Loop() {
		waitRounds(1)
	}
	rounds := float64(prom.Queries()-start) / float64(perRound)
	b.ReportMetric(float64(procCPU(b, pid)-cpu)/float64(time.Millisecond)/rounds, "cpu-ms/round")
	b.ReportMetric(procKB(b, pid, "VmRSS")/1024, "rss-MB")
	b.ReportMetric(procKB(b, pid, "VmHWM")/1024, "peak-rss-MB")
}
