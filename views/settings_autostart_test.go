package views

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"

	"lookout/config"
	"lookout/internal/i18n"
)

// TestSettingsAutostart: Start at login is disabled until the app says
// what it is, then a tap calls the setter at once; its error is shown.
func TestSettingsAutostart(t *testing.T) {
	test.NewTempApp(t)
	s := NewSettings(config.Default(), i18n.EN)
	test.NewTempWindow(t, s)
	c := s.AutostartCheck()
	if !c.Disabled() {
		t.Fatal("Start at login is enabled before SetAutostart")
	}
	var calls []bool
	var fail error
	s.SetAutostart(true, func(on bool) error { calls = append(calls, on); return fail })
	if c.Disabled() || !c.Checked {
		t.Fatalf("after SetAutostart(true): disabled %v, checked %v", c.Disabled(), c.Checked)
	}
	if len(calls) != 0 {
		t.Fatalf("SetAutostart called the setter: %v", calls)
	}
	test.Tap(c)
	fail = errors.New("autostart: read-only file system")
	test.Tap(c)
	if len(calls) != 2 || calls[0] || !calls[1] {
		t.Errorf("setter calls %v, want [false true]", calls)
	}
	if s.Status() != "autostart: read-only file system" {
		t.Errorf("status %q, want the setter's error", s.Status())
	}
}
