package prom

import (
	"strconv"
	"testing"

	"lookout/internal/promtest"
)

func freePort(t testing.TB) int { return promtest.FreePort(t) }

// start runs program with args until the test ends and waits for url to
// answer 200 (promtest.Start).
func start(t testing.TB, program string, url string, args ...string) {
	t.Helper()
	promtest.Start(t, program, url, args...)
}

// startNodeExporter runs Debian's prometheus-node-exporter on a free
// loopback port and returns its address.
func startNodeExporter(t testing.TB) string {
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	start(t, "prometheus-node-exporter", "http://"+addr+"/metrics", "--web.listen-address="+addr)
	return addr
}
