package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"lookout/engine/collect/prom"
	"lookout/engine/history"
	"lookout/internal/testenv"
)

// lookoutd returns the daemon binary: $LOOKOUTD_BIN (make test builds
// it), else a fresh CGO_ENABLED=0 build.
func lookoutd(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("LOOKOUTD_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "lookoutd")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build lookoutd: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// logBuf collects a process's output and waits for lines in it.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls cond until it holds or 20 s pass.
func waitFor(t *testing.T, what string, cond func() bool, logs *logBuf) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; log:\n%s", what, logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func get(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return ""
	}
	return string(b)
}

const goodConfig = `
interval = "1s"
[history]
dir = %q
[[hosts]]
name = %q
local = true
`

// TestRun runs the real binary: it polls, serves /metrics that a real
// Prometheus scrapes and Lookout reads back, keeps its configuration when a
// broken one arrives with SIGHUP, takes a good one, and stops cleanly on
// SIGTERM with its history on disk.
func TestRun(t *testing.T) {
	bin := lookoutd(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "lookout.toml")
	histDir := filepath.Join(dir, "state")
	write := func(doc string) {
		if err := os.WriteFile(cfgPath, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(fmt.Sprintf(goodConfig, histDir, "box"))
	addr := freeAddr(t)
	logs := &logBuf{}
	cmd := exec.Command(bin, "run", "--config", cfgPath, "--listen", addr)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	defer func() {
		if !stopped {
			cmd.Process.Kill()
			<-exited
		}
	}()
	base := "http://" + addr
	waitFor(t, "the first poll on /metrics", func() bool { return strings.Contains(get(base+"/metrics"), `node_load1{host="box"}`) }, logs)
	if h := get(base + "/healthz"); !strings.HasPrefix(h, "ok\nbox ok") {
		t.Errorf("/healthz = %q", h)
	}

	t.Run("prometheus reads lookoutd back", func(t *testing.T) {
		promURL := startPrometheus(t, addr)
		fleet, err := prom.NewFleet(prom.FleetOptions{URL: promURL, MaxAge: time.Nanosecond})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		waitFor(t, "Prometheus to have host box", func() bool {
			snaps, err := fleet.Refresh(ctx)
			return err == nil && snaps["box"].Mem.TotalBytes > 0
		}, logs)
		snaps, _ := fleet.Refresh(ctx)
		if s := snaps["box"]; s.CPU.Cores == 0 || s.Mem.Percent <= 0 || len(s.Disks) == 0 {
			t.Errorf("box read back from Prometheus: cores %d mem %+v disks %v", s.CPU.Cores, s.Mem, s.Disks)
		}
		pts, err := fleet.Range(ctx, "box", "mem", time.Now().Add(-time.Minute), time.Now(), 30)
		if err != nil || len(pts) == 0 {
			t.Errorf("range: %d points, %v", len(pts), err)
		}
	})

	polls := func() int {
		for _, l := range strings.Split(get(base+"/metrics"), "\n") {
			if v, ok := strings.CutPrefix(l, `lookout_polls_total{host="box"} `); ok {
				n, _ := strconv.Atoi(v)
				return n
			}
		}
		return -1
	}

	// A broken file: reported with file, line and key; the old one runs on.
	write("interval = \"1s\"\n[[hosts]]\nname = \"box\"\nlocal = true\nintervall = \"2s\"\n")
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, "the rejection", func() bool { return strings.Contains(logs.String(), "the running one is kept") }, logs)
	if !strings.Contains(logs.String(), "line=5 key=hosts.intervall") {
		t.Errorf("the error does not name line and key:\n%s", logs)
	}
	before := polls()
	waitFor(t, "polling to go on", func() bool { return polls() > before+1 }, logs)

	// A good file: put in force.
	write(fmt.Sprintf(goodConfig, histDir, "renamed"))
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, "the new host", func() bool { return strings.Contains(get(base+"/healthz"), "renamed ok") }, logs)
	if strings.Contains(get(base+"/metrics"), `host="box"`) {
		t.Error("the old host is still exposed after the reload")
	}

	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		stopped = true
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, logs)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("no exit 15 s after SIGTERM:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "msg=stopped") {
		t.Errorf("no clean stop logged:\n%s", logs)
	}
	// The history outlives the process.
	st, err := history.Open(history.Options{Dir: histDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pts, err := st.Range("box", "cpu", time.Now().Add(-time.Hour), time.Now(), 0)
	if err != nil || len(pts) < 2 {
		t.Errorf("history of box: %d points, %v", len(pts), err)
	}
	if _, ok := st.Latest("renamed"); !ok {
		t.Error("no latest snapshot of the renamed host in the history")
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	bin := lookoutd(t)
	cfg := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(cfg, []byte("interval = \"fast\"\n"), 0o600)
	out, err := exec.Command(bin, "run", "--config", cfg).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "bad.toml:1: interval:") {
		t.Errorf("bad config: %v\n%s", err, out)
	}
}

// startPrometheus runs Debian's prometheus scraping target every second.
func startPrometheus(t *testing.T, target string) string {
	bin := testenv.Require(t, "prometheus")
	dir := t.TempDir()
	cfg := fmt.Sprintf("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: lookoutd\n    static_configs:\n      - targets: [%q]\n", target)
	os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o644)
	addr := freeAddr(t)
	logs := &logBuf{}
	cmd := exec.Command(bin, "--config.file="+filepath.Join(dir, "prometheus.yml"), "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitFor(t, "prometheus to be ready", func() bool { return get("http://"+addr+"/-/ready") != "" }, logs)
	return "http://" + addr
}
