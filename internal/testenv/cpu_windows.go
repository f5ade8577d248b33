//go:build windows

package testenv

import (
	"syscall"
	"time"
)

// ProcessCPU returns the user+system CPU time this process has used so
// far (GetProcessTimes), so that the tests build for Windows too.
func ProcessCPU() time.Duration {
	var c, e, k, u syscall.Filetime
	h, err := syscall.GetCurrentProcess()
	if err != nil || syscall.GetProcessTimes(h, &c, &e, &k, &u) != nil {
		return 0
	}
	ticks := func(f syscall.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) }
	return time.Duration((ticks(k) + ticks(u)) * 100) // 100 ns units
}
