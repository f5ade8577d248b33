//go:build !unix

package outbox

import "errors"

// ErrLocked is returned by Lock when another process delivers from the
// same outbox.
var ErrLocked = errors.New("outbox is in use by another Lookout process")

// Lock is a no-op where advisory file locks are not available.
func (o *Outbox) Lock() error { return nil }

// Close releases the lock.
func (o *Outbox) Close() error { return nil }
