package containers

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds the Engine API parsers anything an engine could send.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		l, _ := ParseList(b)
		if len(l) > MaxContainers {
			t.Fatalf("%d containers kept", len(l))
		}
		for _, s := range l {
			if !ValidID(s.ID) || len(s.Name) > MaxNameLen || len(s.Image) > MaxNameLen {
				t.Fatalf("entry %+v escaped the checks", s)
			}
		}
		if s, err := ParseStats(b); err == nil && (!ValidID(s.ID) || s.CPU.Online > maxCPUs) {
			t.Fatalf("stats %+v escaped the checks", s)
		}
		if i, err := ParseInspect(b); err == nil && (!ValidID(i.ID) || i.Restarts < 0) {
			t.Fatalf("inspect %+v escaped the checks", i)
		}
	})
}
