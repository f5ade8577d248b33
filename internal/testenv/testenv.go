// Package testenv lets tests that need a real outside program (sshd, Xvfb,
// dbus-daemon, prometheus) find it. Under `make test` (LOOKOUT_TEST_ALL=1)
// a missing program fails the test, because make test installs them all;
// a plain `go test` on a machine without them skips instead.
package testenv

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// Require returns the path of program, looking in PATH and then in
// /usr/sbin and /usr/bin. It skips or fails t when the program is absent.
func Require(t testing.TB, program string) string {
	t.Helper()
	if p, err := exec.LookPath(program); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin/", "/usr/bin/", "/usr/local/bin/"} {
		if _, err := os.Stat(dir + program); err == nil {
			return dir + program
		}
	}
	if All() {
		t.Fatalf("%s is not installed; `make test` installs it (scripts/deps.sh)", program)
	}
	t.Skipf("%s is not installed; run `make test` to install it", program)
	return ""
}

// All reports whether the tests run under `make test`, where every outside
// program must be present.
func All() bool { return os.Getenv("LOOKOUT_TEST_ALL") == "1" }

// ReportCPU reports the CPU time per operation since start (a
// ProcessCPU reading) as the benchmark metric "cpu-ms/op".
func ReportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(ProcessCPU()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
