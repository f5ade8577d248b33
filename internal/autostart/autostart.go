// Package autostart starts Lookout at login the freedesktop.org way: a
// desktop entry in $XDG_CONFIG_HOME/autostart (default ~/.config/autostart)
// that runs lookout --hidden, so it comes up in the tray without a window.
package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/renameio/v2/maybe"
)

// FileName is the entry's name in the autostart directory.
const FileName = "lookout.desktop"

// Path returns where the autostart entry lives: $XDG_CONFIG_HOME/autostart
// when XDG_CONFIG_HOME is an absolute path, else ~/.config/autostart.
func Path() (string, error) {
	if x := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "autostart", FileName), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("autostart: %w", err)
	}
	return filepath.Join(home, ".config", "autostart", FileName), nil
}

// Entry is the desktop entry that starts exe in the tray.
func Entry(exe string) []byte {
	return []byte(`[Desktop Entry]
Type=Application
Name=Lookout
GenericName=Server monitor
Comment=Watch this machine and your servers; alert chat groups
Exec=` + ExecQuote(exe) + ` --hidden
Icon=io.github.lookout.monitor
Terminal=false
X-GNOME-Autostart-enabled=true
`)
}

// ExecQuote quotes a program path for an Exec key as the Desktop Entry
// Specification says: in double quotes when it holds a reserved character,
// with ", `, $ and \ escaped, and then every \ doubled for the string type.
func ExecQuote(arg string) string {
	if !strings.ContainsAny(arg, " \t\n\"'\\><~|&;$*?#()`") {
		return arg
	}
	q := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`).Replace(arg)
	return strings.ReplaceAll(`"`+q+`"`, `\`, `\\`)
}

// Enable writes the entry starting exe (an absolute path).
func Enable(exe string) error {
	p, err := Path()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	if err := maybe.WriteFile(p, Entry(exe), 0o644); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

// Disable removes the entry; no entry is not an error.
func Disable() error {
	p, err := Path()
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

// Enabled reports whether the entry exists, and its path.
func Enabled() (bool, string, error) {
	p, err := Path()
	if err != nil {
		return false, "", err
	}
	_, err = os.Stat(p)
	switch {
	case err == nil:
		return true, p, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, p, nil
	}
	return false, p, fmt.Errorf("autostart: %w", err)
}

// Executable is this program's absolute path, symbolic links resolved.
func Executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("autostart: %w", err)
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	return exe, nil
}
