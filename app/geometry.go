package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"lookout/internal/atomicfile"
	"lookout/internal/paths"

	"fyne.io/fyne/v2"
)

// geometry is the window's size and, on X11, its position. It lives in
// window.json in the state directory and is written whole, synchronously,
// each time it changes: when the window is hidden or quit, and every
// geometryEvery while it is shown. So a SIGTERM at logout — which Fyne
// answers by stopping its loop before Lookout's own quit can run — loses
// at most the last few seconds of moving, never the file.
type geometry struct {
	Width  float32 `json:"width"`
	Height float32 `json:"height"`
	X      int     `json:"x"`
	Y      int     `json:"y"`
	HasPos bool    `json:"has_pos"`
}

// geometryEvery is how often the shown window's geometry is taken.
const geometryEvery = 5 * time.Second

// Window sizes: the first start's, and the smallest restored.
const (
	defaultWidth, defaultHeight = 960, 640
	minWidth, minHeight         = 400, 300
)

func geometryPath() string {
	dir, err := paths.State()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "window.json")
}

// loadGeometry reads the saved geometry; a missing or unreadable file
// gives the defaults.
func loadGeometry(path string) geometry {
	g := geometry{Width: defaultWidth, Height: defaultHeight}
	if b, err := os.ReadFile(path); err == nil {
		var saved geometry
		if json.Unmarshal(b, &saved) == nil && saved.Width > 0 && saved.Height > 0 {
			g = saved
		}
	}
	g.Width, g.Height = max(g.Width, minWidth), max(g.Height, minHeight)
	return g
}

// save writes the geometry atomically.
func (geo geometry) save(path string) error {
	if path == "" {
		return nil
	}
	b, _ := json.Marshal(geo)
	return atomicfile.WriteFile(path, append(b, '\n'), 0o600)
}

// restoreSize gives the window the size it had when it was last closed.
// Its position is restored after Show, on X11 only (restorePos).
func (g *gui) restoreSize() {
	g.geomPath = geometryPath()
	g.geom = loadGeometry(g.geomPath)
	g.geomSaved = g.geom
	g.win.Resize(fyne.NewSize(g.geom.Width, g.geom.Height))
}

// saveSize takes the window's size; savePos takes its position and
// writes the file when anything changed. They run on Fyne's goroutine.
func (g *gui) saveSize() {
	if s := g.win.Canvas().Size(); s.Width > 0 && s.Height > 0 {
		g.geom.Width, g.geom.Height = s.Width, s.Height
	}
}

// savePos takes the shown window's position (a hidden window keeps the
// one it had) and writes the geometry if it changed.
func (g *gui) savePos() {
	if g.visible {
		if win := x11Window(g.win); win != 0 {
			if x, y, err := windowPos(win); err != nil {
				g.env.Log.Debug("window position not read", "err", err)
			} else {
				g.geom.X, g.geom.Y, g.geom.HasPos = x, y, true
			}
		}
	}
	if g.geom == g.geomSaved {
		return
	}
	if err := g.geom.save(g.geomPath); err != nil {
		g.env.Log.Debug("window geometry not saved", "err", err)
		return
	}
	g.geomSaved = g.geom
}

// keepGeometry takes the shown window's geometry every geometryEvery
// until ctx ends, so that it survives an abrupt end. While the window is
// hidden there is nothing to take.
func (g *gui) keepGeometry(ctx context.Context) {
	t := time.NewTicker(geometryEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fyne.Do(func() {
				if g.visible {
					g.saveSize()
					g.savePos()
				}
			})
		}
	}
}

// restorePos moves the shown window to where it was last saved, unless
// that place is no longer on the screen. It runs right after Show: the
// native window exists only from then on.
func (g *gui) restorePos() {
	if !g.geom.HasPos {
		return
	}
	win := x11Window(g.win)
	if win == 0 {
		return
	}
	if err := moveWindow(win, g.geom.X, g.geom.Y); err != nil {
		g.env.Log.Debug("window position not restored", "x", g.geom.X, "y", g.geom.Y, "err", err)
	}
}
