//go:build !windows

package atomicfile

import (
	"errors"
	"fmt"
	"os"
)

// SyncDir flushes a directory's entries (a rename or a removal in it) to
// disk. A file system that cannot sync a directory is not an error.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
