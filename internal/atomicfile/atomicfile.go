// Package atomicfile is Lookout's one way to replace a file so that a
// crash leaves the old content or the new, never a mix.
//
// It wraps github.com/google/renameio/v2/maybe (a synced temporary file
// renamed into place; a plain write where the platform has no atomic
// rename, i.e. Windows) and adds what every caller here needs around it:
// the parent directory is created, and on Unix it is synced after the
// rename so the new name survives a power cut too. A file that exists
// keeps its mode.
package atomicfile

import (
	"os"
	"path/filepath"

	"github.com/google/renameio/v2/maybe"
)

// WriteFile replaces path with data, creating its directory (mode 0700)
// when missing. perm is the new file's mode.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := maybe.WriteFile(path, data, perm); err != nil {
		return err
	}
	return SyncDir(dir)
}
