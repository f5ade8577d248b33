package atomicfile

import (
	"os"
	"path/filepath"
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
			path := filepath.Join(t.TempDir(), "a", "b", "f.json")
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
			if fi.Mode().Perm() != tt.want {
				t.Errorf("mode %v, want %v", fi.Mode().Perm(), tt.want)
			}
			des, _ := os.ReadDir(filepath.Dir(path))
			if len(des) != 1 {
				t.Errorf("directory holds %d entries, want only the file (no temporary left)", len(des))
			}
		})
	}
}
