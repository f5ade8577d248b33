package units

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lookout/entity"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestName(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"nginx", "nginx.service", true},
		{"nginx.service", "nginx.service", true},
		{"getty@tty1.service", "getty@tty1.service", true},
		{"multi-user.target", "multi-user.target", true},
		{"postgresql@15-main", "postgresql@15-main.service", true},
		{"bad name", "", false},
		{"x'; rm -rf /; '", "", false},
		{"$(reboot)", "", false},
		{"-p", "", false},
		{"", "", false},
		{strings.Repeat("a", 300), "", false},
	}
	for _, tt := range tests {
		got, ok := Name(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Name(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseShow(t *testing.T) {
	got, err := ParseShow(fixture(t, "show.systemd252"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name, load, active, sub, result string
		isActive, failed, found         bool
	}{
		{"ok.service", "loaded", "active", "running", "success", true, false, true},
		{"bad.service", "loaded", "failed", "failed", "exit-code", false, true, true},
		{"once.service", "masked", "active", "exited", "success", true, false, true},
		{"nosuch.service", "not-found", "inactive", "dead", "success", false, false, false},
		{"lookout.target", "loaded", "active", "active", "", true, false, true},
		{"flappy.service", "loaded", "activating", "auto-restart", "exit-code", false, false, true},
		{"killed.service", "loaded", "failed", "failed", "signal", false, true, true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d units, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.name || g.LoadState != w.load || g.ActiveState != w.active || g.SubState != w.sub || g.Result != w.result ||
			g.Active() != w.isActive || g.Failed() != w.failed || g.Found() != w.found {
			t.Errorf("unit %d = %+v, want %+v", i, g, w)
		}
	}
	if got[0].Description != "Lookout test: runs" {
		t.Errorf("description %q", got[0].Description)
	}
}

func TestParseShowHostile(t *testing.T) {
	tests := []struct {
		name, in string
		keep     int
		wantErr  bool
	}{
		{"empty", "", 0, false},
		{"no equals", "Id=a.service\ngarbage\n", 0, true},
		{"no id", "ActiveState=active\n", 0, true},
		{"bad id", "Id=$(x)\n", 0, true},
		{"odd state", "Id=a.service\nActiveState=ACTIVE!\n", 1, false},
		{"crlf", "Id=a.service\r\nActiveState=active\r\n\r\nId=b.service\r\n", 2, false},
		{"too many", strings.Repeat("Id=a.service\n\n", MaxUnits+1), MaxUnits, true},
		{"long description", "Id=a.service\nDescription=" + strings.Repeat("x\x1b", 1000) + "\n", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseShow([]byte(tt.in))
			if len(got) != tt.keep || (err != nil) != tt.wantErr {
				t.Errorf("ParseShow = %d units, %v; want %d, error %v", len(got), err, tt.keep, tt.wantErr)
			}
			for _, u := range got {
				if len(u.Description) > MaxValueLen || strings.ContainsRune(u.Description, 0x1b) {
					t.Errorf("description not cleaned: %q", u.Description)
				}
				if tt.name == "odd state" && u.ActiveState != "unknown" {
					t.Errorf("ActiveState %q, want unknown", u.ActiveState)
				}
			}
		})
	}
}

func TestParseFailed(t *testing.T) {
	for _, f := range []string{"failed.systemd252.plain", "failed.systemd252.bullet"} {
		t.Run(f, func(t *testing.T) {
			got, err := ParseFailed(fixture(t, f))
			if err != nil {
				t.Fatal(err)
			}
			want := []entity.UnitStat{
				{Name: "bad.service", LoadState: "loaded", ActiveState: "failed", SubState: "failed", Description: "Lookout test: fails"},
				{Name: "killed.service", LoadState: "loaded", ActiveState: "failed", SubState: "failed", Description: "Lookout test: killed"},
			}
			if len(got) != len(want) {
				t.Fatalf("got %+v", got)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("unit %d = %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
	for _, bad := range []string{"bad.service loaded\n", "rm -rf / now\n"} {
		if _, err := ParseFailed([]byte(bad)); err == nil {
			t.Errorf("ParseFailed(%q) accepted", bad)
		}
	}
}

func TestParseRemote(t *testing.T) {
	r, err := ParseRemote(fixture(t, "remote.systemd252"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range r.Listed {
		names = append(names, u.Name+"="+u.ActiveState)
	}
	if got := strings.Join(names, " "); got != "ok.service=active bad.service=failed nosuch.service=inactive flappy.service=activating lookout.target=active" {
		t.Errorf("listed %s", got)
	}
	if len(r.Failed) != 2 || r.Failed[1].Name != "killed.service" {
		t.Errorf("failed %+v", r.Failed)
	}
	if _, err := ParseRemote(fixture(t, "remote.nosystemd")); err == nil || !strings.Contains(err.Error(), ErrNoSystemd.Error()) {
		t.Errorf("no systemd: %v", err)
	}
	if _, err := ParseRemote([]byte("Id=a.service\n")); err == nil {
		t.Error("output without markers accepted")
	}
	// No units listed: only the failed part.
	if r, err := ParseRemote([]byte(failedMarker + "\n")); err != nil || r.Listed != nil || len(r.Failed) != 0 {
		t.Errorf("empty = %+v, %v", r, err)
	}
}

func TestRemoteCommand(t *testing.T) {
	cmd, err := RemoteCommand([]string{"nginx", "getty@tty1.service"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-- 'nginx.service' 'getty@tty1.service'", "list-units --failed --plain --no-legend", "LC_ALL=C"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("command %q lacks %q", cmd, want)
		}
	}
	if _, err := RemoteCommand([]string{"x'; reboot; '"}); err == nil {
		t.Error("hostile unit name accepted")
	}
	cmd, _ = RemoteCommand(nil)
	if strings.Contains(cmd, "systemctl show") {
		t.Errorf("no units listed, yet %q shows some", cmd)
	}
}
