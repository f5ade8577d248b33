//go:build !unix && !windows

package filelock

import "os"

// TryLock does nothing where no file locks are available (js, wasip1,
// plan9): two processes on one state directory are not detected.
func TryLock(*os.File) error { return nil }

// Unlock does nothing.
func Unlock(*os.File) error { return nil }
