package gpu

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds the nvidia-smi and remote parsers anything a remote
// host could print: no panic, bounds kept, figures in range.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/nvidia.*")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
		f.Add(append([]byte(nvidiaMarker+"\n"), append(b, []byte(amdMarker+"\nclass/drm/card0/device/vendor=0x1002\nclass/drm/card0/device/gpu_busy_percent=7\n")...)...))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, _ := ParseNvidia(b)
		r, _ := ParseRemote(b)
		for _, g := range append(a, r...) {
			if len(g.Name) > MaxNameLen || g.UtilPercent != nil && (*g.UtilPercent < 0 || *g.UtilPercent > 100) {
				t.Fatalf("GPU %+v escaped the checks", g)
			}
		}
		if len(a) > MaxGPUs || len(r) > MaxGPUs {
			t.Fatalf("%d / %d GPUs kept", len(a), len(r))
		}
	})
}
