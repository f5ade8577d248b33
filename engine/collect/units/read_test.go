package units

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// standIn puts a systemctl on PATH that prints the fixture for its verb
// (show or list-units) and records its arguments, or runs script.
func standIn(t *testing.T, script string) string {
	t.Helper()
	dir := t.TempDir()
	args := filepath.Join(dir, "args")
	show, _ := filepath.Abs("testdata/show.systemd252")
	failed, _ := filepath.Abs("testdata/failed.systemd252.plain")
	if script == "" {
		script = `echo "$@" >> ` + args + `
case "$1" in show) cat ` + show + `;; list-units) cat ` + failed + `;; *) exit 2;; esac`
	}
	if err := os.WriteFile(filepath.Join(dir, "systemctl"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return args
}

func TestRead(t *testing.T) {
	args := standIn(t, "")
	r, err := Read(context.Background(), []string{"ok", "bad"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Listed) != 7 || len(r.Failed) != 2 {
		t.Errorf("report %+v", r)
	}
	b, _ := os.ReadFile(args)
	if got := string(b); !strings.Contains(got, "show --no-pager -p "+ShowProperties+" -- ok.service bad.service") ||
		!strings.Contains(got, "list-units --failed --plain --no-legend") {
		t.Errorf("systemctl ran with %q", got)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, script string
		noSystemd    bool
		want         string
	}{
		{"not booted with systemd", `cat ` + abs(t, "testdata/nosystemd.stderr") + ` >&2; exit 1`, true, "not been booted"},
		{"hangs", `exec sleep 30`, false, "deadline"},
		{"floods", `exec yes Id=a.service`, false, "longer than"},
		{"fails", `echo boom >&2; exit 3`, false, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			standIn(t, tt.script)
			_, err := Read(context.Background(), nil, 500*time.Millisecond)
			if err == nil || errors.Is(err, ErrNoSystemd) != tt.noSystemd || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read = %v; want %q (no systemd %v)", err, tt.want, tt.noSystemd)
			}
		})
	}
	if _, err := Read(context.Background(), []string{"a b"}, 0); err == nil {
		t.Error("invalid unit name accepted")
	}
}

func abs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
