package app

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestEscapeClosesDialogs: Esc closes the top dialog (a confirmation
// answers no), then the next, then does nothing.
func TestEscapeClosesDialogs(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("window"))
	w.Resize(fyne.NewSize(600, 400))
	var ds dialogs
	ds.closeOnEscape(w.Canvas())
	esc := func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }

	ds.show(dialog.NewError(errors.New("boom"), w))
	answer := "none"
	ds.show(dialog.NewConfirm("Trust host key?", "SHA256:abc", func(ok bool) {
		answer = map[bool]string{true: "yes", false: "no"}[ok]
	}, w))
	if n := len(w.Canvas().Overlays().List()); n != 2 {
		t.Fatalf("%d overlays, want 2", n)
	}
	esc()
	if answer != "no" || len(ds.open) != 1 || len(w.Canvas().Overlays().List()) != 1 {
		t.Fatalf("after one Esc: answer %s, %d open, %d overlays", answer, len(ds.open), len(w.Canvas().Overlays().List()))
	}
	esc()
	if len(ds.open) != 0 || w.Canvas().Overlays().Top() != nil {
		t.Fatal("the error dialog is still up")
	}
	esc() // nothing open: no panic, nothing happens
}
