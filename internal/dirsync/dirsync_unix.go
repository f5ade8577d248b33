//go:build !windows

package dirsync

import (
	"errors"
	"os"
)

// Sync flushes dir's entries to disk. A file system that cannot sync a
// directory (os.ErrInvalid) is not an error.
func Sync(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
