package units

import (
	"os"
	"path/filepath"
	"testing"
)

func seeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.systemd252*")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
}

// FuzzParse feeds the parsers anything a remote host could print: they
// must not panic and must keep their bounds.
func FuzzParse(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		show, _ := ParseShow(b)
		failed, _ := ParseFailed(b)
		r, _ := ParseRemote(b)
		for _, l := range [][]int{{len(show)}, {len(failed)}, {len(r.Listed)}, {len(r.Failed)}} {
			if l[0] > MaxUnits {
				t.Fatalf("%d units kept", l[0])
			}
		}
		for _, u := range append(append(show, failed...), r.Listed...) {
			if _, ok := Name(u.Name); !ok || len(u.Description) > MaxValueLen {
				t.Fatalf("unit %+v escaped the checks", u)
			}
		}
	})
}
