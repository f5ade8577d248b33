package inodes

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseDf feeds the df -i parser anything a remote could print.
func FuzzParseDf(f *testing.F) {
	files, _ := filepath.Glob("testdata/df-i.*")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fs, _ := ParseDf(b)
		if len(fs) > MaxFilesystems {
			t.Fatalf("%d filesystems kept", len(fs))
		}
		for _, s := range fs {
			if s.Total == 0 || s.Used > s.Total || s.Free > s.Total || s.Percent < 0 || s.Percent > 100 {
				t.Fatalf("filesystem %+v escaped the checks", s)
			}
		}
	})
}
