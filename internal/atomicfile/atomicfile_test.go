package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWriteFile(t *testing.T) {
	tests := []struct {
		name string
		old  []byte      // nil: no file before
		perm os.FileMode // asked for
		want os.FileMode
	}{
		{"new file in a new directory", nil, 0o600, 0o600},
		// renameio keeps the mode a user gave the file.
		{"replaces an existing file, keeping its mode", []byte("old content that is longer"), 0o600, 0o640},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Not t.TempDir: its RemoveAll fails under Wine 8, where the
			// Windows build of this test runs too (make test-windows).
			root, err := os.MkdirTemp("", "atomicfile-*")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(root, "a", "b", "f.json")
			t.Cleanup(func() {
				os.Remove(path)
				os.Remove(filepath.Dir(path))
				os.Remove(filepath.Dir(filepath.Dir(path)))
				os.Remove(root)
			})
			if tt.old != nil {
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, tt.old, 0o640); err != nil {
					t.Fatal(err)
				}
			}
			if err := WriteFile(path, []byte("new"), tt.perm); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != "new" {
				t.Fatalf("content %q, %v; want %q", got, err, "new")
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			// Windows has no Unix modes: every file reads as 0666.
			if runtime.GOOS != "windows" && fi.Mode().Perm() != tt.want {
				t.Errorf("mode %v, want %v", fi.Mode().Perm(), tt.want)
			}
			des, _ := os.ReadDir(filepath.Dir(path))
			if len(des) != 1 {
				t.Errorf("directory holds %d entries, want only the file (no temporary left)", len(des))
			}
		})
	}
}
