package filelock

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Two opens of one file stand for two processes: both flock and
// LockFileEx tie the lock to the open file, not to the process. The
// Windows build of this test runs under Wine in make test-windows.
func TestTryLock(t *testing.T) {
	// Not t.TempDir: its RemoveAll fails under Wine 8 ("Invalid
	// function", POSIX-semantics deletes), plain Remove works.
	dir, err := os.MkdirTemp("", "filelock-*")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "lookout.lock")
	t.Cleanup(func() { os.Remove(path); os.Remove(dir) })
	open := func() *os.File {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	a, b := open(), open()
	if err := TryLock(a); err != nil {
		t.Fatalf("first lock: %v", err)
	}
	if _, err := a.WriteAt([]byte("4242\n"), 0); err != nil {
		t.Fatal(err)
	}
	if err := TryLock(b); !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: %v, want ErrLocked", err)
	}
	// The holder's content stays readable by the one refused.
	buf := make([]byte, 8)
	if n, _ := b.ReadAt(buf, 0); string(buf[:n]) != "4242\n" {
		t.Errorf("read %q while locked, want the PID", buf[:n])
	}
	if err := Unlock(a); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	if err := TryLock(b); err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	b.Close()
	c := open()
	if err := TryLock(c); err != nil {
		t.Fatalf("lock after the holder closed: %v", err)
	}
}
