//go:build unix

package filelock

import (
	"errors"
	"os"
	"syscall"
)

// TryLock takes the exclusive advisory lock of f (flock LOCK_EX|LOCK_NB).
// It fails with ErrLocked when another open file holds it.
func TryLock(f *os.File) error {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return ErrLocked
		}
		return err
	}
	return nil
}

// Unlock releases the lock of f.
func Unlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
