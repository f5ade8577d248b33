package runtime

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"lookout/internal/filelock"
)

// lockFile takes an exclusive lock on path (flock on Unix, LockFileEx on
// Windows), held until unlock or the process ends (a kill -9 releases it
// too). The file holds the owner's PID, for the error a second process
// sees.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := filelock.TryLock(f); err != nil {
		b := make([]byte, 32)
		n, _ := f.ReadAt(b, 0)
		f.Close()
		if pid := strings.TrimSpace(string(b[:n])); pid != "" && errors.Is(err, filelock.ErrLocked) {
			return nil, fmt.Errorf("held by pid %s", pid)
		}
		return nil, err
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		filelock.Unlock(f)
		f.Close()
	}, nil
}
