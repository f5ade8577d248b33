package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// dialogs are the dialogs on screen, newest last, so that Esc can close
// the top one: Fyne 2.7's dialogs do not listen for it.
type dialogs struct{ open []dialog.Dialog }

// show shows d and keeps it in the stack until it closes, whichever way.
func (ds *dialogs) show(d dialog.Dialog) {
	ds.open = append(ds.open, d)
	d.SetOnClosed(func() {
		ds.open = slices.DeleteFunc(ds.open, func(o dialog.Dialog) bool { return o == d })
	})
	d.Show()
}

// escape closes the top dialog as its Cancel or Close button would (a
// confirmation answers no). It reports whether there was one.
func (ds *dialogs) escape() bool {
	if len(ds.open) == 0 {
		return false
	}
	ds.open[len(ds.open)-1].Hide()
	return true
}

// closeOnEscape makes Esc close the top dialog of canvas c. Esc reaches
// the canvas when no widget has the focus, which is the case while a
// dialog is up (it has its own focus, and our dialogs hold no entry).
func (ds *dialogs) closeOnEscape(c fyne.Canvas) {
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape && ds.escape() {
			return
		}
		if prev != nil {
			prev(ev)
		}
	})
}
