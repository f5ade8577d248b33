// Package promtest runs Debian's Prometheus parts for tests: an
// Alertmanager with a webhook receiver that records what it is sent, a
// Prometheus server and a node_exporter, each on a free loopback port
// with its data in the test's temp directory, stopped when the test ends.
// A missing program skips the test, or fails it under `make test`
// (internal/testenv).
package promtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"lookout/internal/testenv"
)

// FreePort returns a free TCP port on 127.0.0.1.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Start runs program with args until the test ends, logging its output
// to a file in the test's temp directory, and waits for readyURL to
// answer 200. It returns the log file's path.
func Start(t testing.TB, program, readyURL string, args ...string) string {
	t.Helper()
	bin := testenv.Require(t, program)
	logf, err := os.Create(filepath.Join(t.TempDir(), program+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", readyURL, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return logf.Name()
			}
		}
		select {
		case <-ctx.Done():
			b, _ := os.ReadFile(logf.Name())
			t.Fatalf("%s did not become ready at %s:\n%s", program, readyURL, b)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// NodeExporter runs prometheus-node-exporter and returns its address
// (host:port).
// Extra arguments select its collectors, say.
func NodeExporter(t testing.TB, args ...string) string {
	addr := "127.0.0.1:" + strconv.Itoa(FreePort(t))
	Start(t, "prometheus-node-exporter", "http://"+addr+"/metrics", append([]string{"--web.listen-address=" + addr}, args...)...)
	return addr
}

// Prometheus runs prometheus with the configuration text cfg (its rule
// files named there) and returns its base URL.
func Prometheus(t testing.TB, cfg string, extraArgs ...string) string {
	dir := t.TempDir()
	path := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(FreePort(t))
	args := append([]string{"--config.file=" + path, "--storage.tsdb.path=" + filepath.Join(dir, "data"),
		"--web.listen-address=" + addr}, extraArgs...)
	Start(t, "prometheus", "http://"+addr+"/-/ready", args...)
	return "http://" + addr
}

// Notification is one webhook call of Alertmanager (its payload version 4).
type Notification struct {
	Status string `json:"status"`
	Alerts []struct {
		Status      string            `json:"status"`
		Labels      map[string]string `json:"labels"`
		Annotations map[string]string `json:"annotations"`
		StartsAt    time.Time         `json:"startsAt"`
		EndsAt      time.Time         `json:"endsAt"`
	} `json:"alerts"`
}

// Receiver is a webhook receiver that records Alertmanager's calls.
type Receiver struct {
	URL string
	mu  sync.Mutex
	got []Notification
	new chan struct{}
}

// NewReceiver starts a receiver until the test ends.
func NewReceiver(t testing.TB) *Receiver {
	r := &Receiver{new: make(chan struct{}, 1)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var n Notification
		if err := json.NewDecoder(req.Body).Decode(&n); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		r.mu.Lock()
		r.got = append(r.got, n)
		r.mu.Unlock()
		select {
		case r.new <- struct{}{}:
		default:
		}
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

// Got returns the calls so far.
func (r *Receiver) Got() []Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Notification(nil), r.got...)
}

// Wait waits until some call satisfies ok, for at most d, and returns it.
func (r *Receiver) Wait(t testing.TB, d time.Duration, what string, ok func(Notification) bool) Notification {
	t.Helper()
	deadline := time.After(d)
	for {
		for _, n := range r.Got() {
			if ok(n) {
				return n
			}
		}
		select {
		case <-r.new:
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			t.Fatalf("alertmanager's webhook never received %s; got %+v", what, r.Got())
		}
	}
}

// Alertmanager runs prometheus-alertmanager, clustering off, routing
// every alert to the receiver after groupWait (group_interval the same,
// repeat_interval an hour), and returns its base URL.
func Alertmanager(t testing.TB, r *Receiver, groupWait time.Duration) string {
	dir := t.TempDir()
	cfg := fmt.Sprintf(`route:
  receiver: hook
  group_by: ['alertname', 'host', 'mount', 'severity']
  group_wait: %s
  group_interval: %s
  repeat_interval: 1h
receivers:
- name: hook
  webhook_configs:
  - url: %s/
    send_resolved: true
`, groupWait, groupWait, r.URL)
	path := filepath.Join(dir, "alertmanager.yml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(FreePort(t))
	Start(t, "prometheus-alertmanager", "http://"+addr+"/-/ready", "--config.file="+path,
		"--storage.path="+filepath.Join(dir, "data"), "--web.listen-address="+addr, "--cluster.listen-address=")
	return "http://" + addr
}
