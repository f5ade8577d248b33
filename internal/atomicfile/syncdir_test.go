package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Sync succeeds on a directory just written to (on Windows too, where the
// Windows build of this test runs under Wine in make test-windows), and
// fails on one that does not exist.
func TestSyncDir(t *testing.T) {
	dir, err := os.MkdirTemp("", "atomicfile-*") // not t.TempDir: its RemoveAll fails under Wine 8
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "a.json")
	t.Cleanup(func() { os.Remove(f); os.Remove(dir) })
	if err := os.WriteFile(f, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := SyncDir(dir); err != nil {
		t.Errorf("Sync: %v", err)
	}
	if err := SyncDir(filepath.Join(dir, "gone")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Sync of a missing directory: %v", err)
	}
}
