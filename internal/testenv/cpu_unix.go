//go:build unix

package testenv

import (
	"syscall"
	"time"
)

// ProcessCPU returns the user+system CPU time this process has used so
// far. Benchmarks report CPU per operation with it, which is steadier than
// wall time on a shared machine.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
