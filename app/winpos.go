package app

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// The window's position. Fyne has no API to read or set it, but on X11 it
// hands out the native window, and GLFW gives that window StaticGravity:
// the client area's position on the root window is what an X client reads
// (TranslateCoordinates) and what a window manager honours when the client
// moves it (ConfigureWindow), with or without a frame around it. Wayland
// lets no application place its windows; there, and wherever anything
// fails, the window manager places the window and Lookout goes on.

// x11Window returns the X window of w, or 0 when it has none (Wayland,
// another OS, not shown yet). It runs on Fyne's goroutine.
func x11Window(w fyne.Window) (win xproto.Window) {
	nw, ok := w.(driver.NativeWindow)
	if !ok || os.Getenv("DISPLAY") == "" {
		return 0
	}
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok {
			win = xproto.Window(x.WindowHandle)
		}
	})
	return win
}

// windowPos returns the position of win's top-left corner on its root
// window.
func windowPos(win xproto.Window) (x, y int, err error) {
	err = withX(func(c *xgb.Conn) error {
		geo, err := xproto.GetGeometry(c, xproto.Drawable(win)).Reply()
		if err != nil {
			return err
		}
		at, err := xproto.TranslateCoordinates(c, win, geo.Root, 0, 0).Reply()
		if err != nil {
			return err
		}
		x, y = int(at.DstX), int(at.DstY)
		return nil
	})
	return x, y, err
}

// moveWindow puts win's top-left corner at (x, y) on its root window, if
// enough of it stays visible there (see onScreen).
func moveWindow(win xproto.Window, x, y int) error {
	return withX(func(c *xgb.Conn) error {
		geo, err := xproto.GetGeometry(c, xproto.Drawable(win)).Reply()
		if err != nil {
			return err
		}
		root, err := xproto.GetGeometry(c, xproto.Drawable(geo.Root)).Reply()
		if err != nil {
			return err
		}
		if !onScreen(x, y, int(geo.Width), int(geo.Height), int(root.Width), int(root.Height)) {
			return fmt.Errorf("a %dx%d window at %d,%d is off the %dx%d screen",
				geo.Width, geo.Height, x, y, root.Width, root.Height)
		}
		return xproto.ConfigureWindowChecked(c, win, xproto.ConfigWindowX|xproto.ConfigWindowY,
			[]uint32{uint32(int32(x)), uint32(int32(y))}).Check()
	})
}

// Of a window put back where it was, at least this much must be on the
// screen (or all of it, if it is smaller), so that it can be seen and
// dragged; otherwise the window manager places it.
const (
	minVisibleW = 100
	minVisibleH = 50
)

// onScreen reports whether a w×h window at (x, y) shows enough of itself
// on a rootW×rootH root window. It is false after, say, the monitor the
// window was on has been unplugged.
func onScreen(x, y, w, h, rootW, rootH int) bool {
	visW := min(x+w, rootW) - max(x, 0)
	visH := min(y+h, rootH) - max(y, 0)
	return w > 0 && h > 0 && visW >= min(w, minVisibleW) && visH >= min(h, minVisibleH)
}

// xTimeout bounds one exchange with the X server.
const xTimeout = 2 * time.Second

var xgbLog sync.Once

// withX runs f on a new connection to $DISPLAY and closes it. These run
// only when the window is shown, hidden or closed, so a connection of
// their own costs nothing that matters and shares no state with GLFW's.
func withX(f func(*xgb.Conn) error) error {
	xgbLog.Do(func() {
		// xgb's own complaints (e.g. no Xauthority) are for debugging.
		xgb.Logger = slog.NewLogLogger(slog.Default().Handler(), slog.LevelDebug)
	})
	done := make(chan error, 1)
	go func() {
		c, err := xgb.NewConnDisplay("")
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		done <- f(c)
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(xTimeout):
		return errors.New("the X server did not answer in time")
	}
}
