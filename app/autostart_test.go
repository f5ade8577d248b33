package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"lookout/config"
	"lookout/internal/desktoptest"
	"lookout/internal/i18n"
	"lookout/internal/testenv"
	"lookout/views"
)

// TestAutostartCommand: lookout autostart on writes the entry under
// $XDG_CONFIG_HOME, status reports it, off removes it.
func TestAutostartCommand(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", xdg)
	t.Setenv("LOOKOUT_CONFIG", filepath.Join(xdg, "none.toml"))
	entry := filepath.Join(xdg, "autostart", "lookout.desktop")
	out, errOut, code := runCLI(t, "autostart", "on")
	if code != 0 || !strings.Contains(out, "starts at login ("+entry+")") {
		t.Fatalf("autostart on: exit %d, %q %q", code, out, errOut)
	}
	data, err := os.ReadFile(entry)
	if err != nil || !strings.Contains(string(data), " --hidden\n") {
		t.Fatalf("entry: %v\n%s", err, data)
	}
	if out, _, _ := runCLI(t, "autostart", "status"); !strings.Contains(out, "starts at login") {
		t.Errorf("status: %q", out)
	}
	if out, _, code := runCLI(t, "autostart", "off"); code != 0 || !strings.Contains(out, "does not start") {
		t.Errorf("off: exit %d, %q", code, out)
	}
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("entry still there after off: %v", err)
	}
	if _, errOut, code := runCLI(t, "autostart"); code != 2 || !strings.Contains(errOut, "Usage: lookout autostart") {
		t.Errorf("no argument: exit %d, %q", code, errOut)
	}
}

// TestAutostartSetting: Settings → General → Start at login writes and
// removes the same entry.
func TestAutostartSetting(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", xdg)
	entry := filepath.Join(xdg, "autostart", "lookout.desktop")
	test.NewTempApp(t)
	s := views.NewSettings(config.Default(), i18n.EN)
	test.NewTempWindow(t, s)
	wireAutostart(s, quietLog())
	if s.AutostartCheck().Checked {
		t.Fatal("ticked with no entry")
	}
	test.Tap(s.AutostartCheck())
	if _, err := os.Stat(entry); err != nil {
		t.Fatalf("ticking did not write the entry: %v", err)
	}
	validate := testenv.Require(t, "desktop-file-validate")
	if out, err := exec.Command(validate, entry).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("desktop-file-validate: %v\n%s", err, out)
	}
	test.Tap(s.AutostartCheck())
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Fatalf("clearing did not remove the entry: %v", err)
	}
}

// TestLoginStartsInTray runs the real binary as the autostart entry does,
// lookout --hidden: the tray item appears and the window stays unmapped.
func TestLoginStartsInTray(t *testing.T) {
	desktoptest.SessionBus(t)
	display := testenv.Display(t)
	w := desktoptest.StartWatcher(t)
	startLookout(t, display, "--hidden")
	it := w.WaitItem(t, 30*time.Second)
	waitMenu(t, w, it, "Open Lookout")
	if viewable(t, display) {
		t.Fatal("lookout --hidden shows the window")
	}
}
