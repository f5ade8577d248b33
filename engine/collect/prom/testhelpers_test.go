package prom

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"lookout/internal/testenv"
)

// freePort returns a free TCP port on 127.0.0.1.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// start runs program with args until the test ends, logging its output to
// a file in the test's temp dir, and waits for url to answer 200.
func start(t testing.TB, program string, url string, args ...string) {
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
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case <-ctx.Done():
			b, _ := os.ReadFile(logf.Name())
			t.Fatalf("%s did not become ready at %s:\n%s", program, url, b)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// startNodeExporter runs Debian's prometheus-node-exporter on a free
// loopback port and returns its address.
func startNodeExporter(t testing.TB) string {
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	start(t, "prometheus-node-exporter", "http://"+addr+"/metrics", "--web.listen-address="+addr)
	return addr
}
