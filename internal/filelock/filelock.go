// Package filelock takes exclusive, non-blocking locks on open files, held
// until Unlock, the file's close or the process's end (a crash or a kill
// releases them too): flock(2) on Unix, LockFileEx on Windows. Lookout's
// instance lock (runtime) and outbox lock use it, so that two processes
// never poll or deliver for the same state directory.
package filelock

import "errors"

// ErrLocked is returned by TryLock when another open file (in this or
// another process) holds the lock.
var ErrLocked = errors.New("file is locked by another process")
