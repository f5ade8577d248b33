package autostart

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"lookout/internal/testenv"
)

func TestExecQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/usr/bin/lookout", "/usr/bin/lookout"},
		{"/opt/my apps/lookout", `"/opt/my apps/lookout"`},
		{`/opt/a"b/lookout`, `"/opt/a\\"b/lookout"`},
		{"/opt/$x/lookout", `"/opt/\\$x/lookout"`},
	}
	for _, tt := range tests {
		if got := ExecQuote(tt.in); got != tt.want {
			t.Errorf("ExecQuote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestEnableDisable writes the entry under $XDG_CONFIG_HOME, has
// desktop-file-validate check it, and removes it.
func TestEnableDisable(t *testing.T) {
	validate := testenv.Require(t, "desktop-file-validate")
	xdg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", xdg)
	want := filepath.Join(xdg, "autostart", "lookout.desktop")
	for _, exe := range []string{"/usr/bin/lookout", "/opt/my apps/lookout"} {
		if err := Enable(exe); err != nil {
			t.Fatal(err)
		}
		on, path, err := Enabled()
		if err != nil || !on || path != want {
			t.Fatalf("Enabled() = %v, %q, %v; want true, %q", on, path, err, want)
		}
		if out, err := exec.Command(validate, path).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("desktop-file-validate %s: %v\n%s", exe, err, out)
		}
		data, _ := os.ReadFile(path)
		if !strings.Contains(string(data), "Exec="+ExecQuote(exe)+" --hidden\n") {
			t.Errorf("entry does not run %s --hidden:\n%s", exe, data)
		}
	}
	if err := Disable(); err != nil {
		t.Fatal(err)
	}
	if on, _, _ := Enabled(); on {
		t.Error("still enabled after Disable")
	}
	if err := Disable(); err != nil {
		t.Errorf("Disable with no entry: %v", err)
	}
}

// TestPathDefault: without XDG_CONFIG_HOME the entry is ~/.config/autostart.
func TestPathDefault(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "relative/ignored")
	p, err := Path()
	if err != nil || p != filepath.Join(home, ".config", "autostart", "lookout.desktop") {
		t.Errorf("Path() = %q, %v", p, err)
	}
}
