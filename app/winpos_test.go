package app

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOnScreen: a saved position is used only when at least 100×50 px of
// the window (or all of a smaller one) would be on the root window.
func TestOnScreen(t *testing.T) {
	const rw, rh = 1920, 1080
	for _, c := range []struct {
		name       string
		x, y, w, h int
		want       bool
	}{
		{"inside", 137, 91, 960, 640, true},
		{"top-left corner", 0, 0, 960, 640, true},
		{"fills the screen", 0, 0, rw, rh, true},
		{"bigger than the screen", -50, -20, 2500, 1500, true},
		{"partly off the left, 100 px left", -860, 100, 960, 640, true},
		{"partly off the left, 99 px left", -861, 100, 960, 640, false},
		{"partly off the right, 100 px left", rw - 100, 100, 960, 640, true},
		{"partly off the right, 99 px left", rw - 99, 100, 960, 640, false},
		{"partly off the top, 50 px left", 100, -590, 960, 640, true},
		{"partly off the top, 49 px left", 100, -591, 960, 640, false},
		{"partly off the bottom, 50 px left", 100, rh - 50, 960, 640, true},
		{"partly off the bottom, 49 px left", 100, rh - 49, 960, 640, false},
		{"on an unplugged monitor to the right", 2100, 200, 960, 640, false},
		{"on an unplugged monitor to the left", -1500, 200, 960, 640, false},
		{"on an unplugged monitor below", 200, 1300, 960, 640, false},
		{"far away", 1 << 20, 1 << 20, 960, 640, false},
		{"small window wholly inside", 1900, 1060, 20, 20, true},
		{"small window half off", 1910, 1060, 20, 20, false},
		{"no size", 100, 100, 0, 0, false},
	} {
		if got := onScreen(c.x, c.y, c.w, c.h, rw, rh); got != c.want {
			t.Errorf("%s: onScreen(%d, %d, %d, %d, %d, %d) = %v, want %v",
				c.name, c.x, c.y, c.w, c.h, rw, rh, got, c.want)
		}
	}
}

// TestGeometryFile: the geometry survives a round trip through its file;
// a missing, broken or tiny one gives usable sizes.
func TestGeometryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state", "window.json")
	if got := loadGeometry(path); got != (geometry{Width: defaultWidth, Height: defaultHeight}) {
		t.Errorf("no file: %+v", got)
	}
	want := geometry{Width: 1100, Height: 700, X: 137, Y: 91, HasPos: true}
	if err := want.save(path); err != nil {
		t.Fatal(err)
	}
	if got := loadGeometry(path); got != want {
		t.Errorf("round trip: %+v, want %+v", got, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode: %v %v", fi, err)
	}
	os.WriteFile(path, []byte("{not json"), 0o600)
	if got := loadGeometry(path); got.Width != defaultWidth || got.HasPos {
		t.Errorf("broken file: %+v", got)
	}
	os.WriteFile(path, []byte(`{"width":10,"height":5,"x":3,"y":4,"has_pos":true}`), 0o600)
	if got := loadGeometry(path); got.Width != minWidth || got.Height != minHeight || got.X != 3 {
		t.Errorf("tiny window: %+v", got)
	}
}
