package outbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"lookout/internal/filelock"
)

// ErrLocked is returned by Lock when another process delivers from the
// same outbox.
var ErrLocked = errors.New("outbox is in use by another Lookout process")

// Lock takes the outbox's lock for delivery (flock on Unix, LockFileEx on
// Windows), so that two processes (the window and lookoutd, say) never
// deliver the same message twice. It is released by Close or when the
// process exits.
func (o *Outbox) Lock() error {
	f, err := os.OpenFile(filepath.Join(o.dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := filelock.TryLock(f); err != nil {
		f.Close()
		if errors.Is(err, filelock.ErrLocked) {
			return fmt.Errorf("%s: %w", o.dir, ErrLocked)
		}
		return fmt.Errorf("outbox: lock: %w", err)
	}
	o.lock = f
	return nil
}

// Close releases the lock.
func (o *Outbox) Close() error {
	if o.lock == nil {
		return nil
	}
	err := o.lock.Close()
	o.lock = nil
	return err
}
