package ssh

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine/collect/local"
)

func TestScriptIsFixed(t *testing.T) {
	for _, s := range []string{Script, InfoScript} {
		if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, `; echo "@@end"`) || strings.Contains(s, "'") {
			t.Errorf("script is not a subshell followed by the end marker: %s", s)
		}
		for _, bad := range []string{">/proc", "rm ", "kill", "tee", "> /", "$"} {
			if strings.Contains(s, bad) {
				t.Errorf("script contains %q", bad)
			}
		}
	}
}

// TestScriptRunsLocally runs Script with this machine's /bin/sh and
// parses what it prints: every part is there and parses.
func TestScriptRunsLocally(t *testing.T) {
	out, err := exec.Command("/bin/sh", "-c", Script).Output()
	if err != nil {
		t.Fatal(err)
	}
	o, err := ParseOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"stat", "meminfo", "loadavg", "net/dev", "diskstats", "uptime"} {
		if len(o.Files[f]) == 0 {
			t.Errorf("no %s in the output", f)
		}
	}
	if len(o.Pids) < 2 || len(o.Df) == 0 {
		t.Errorf("%d processes, %d bytes of df", len(o.Pids), len(o.Df))
	}
	b := NewBuilder("self", Filter{TopN: 5})
	if s := b.Build(o, time.Now()); len(s.Errors) > 0 {
		t.Errorf("errors: %v", s.Errors)
	}
	info, err := exec.Command("/bin/sh", "-c", InfoScript).Output()
	if err != nil {
		t.Fatal(err)
	}
	if i, err := ParseInfo(info); err != nil || i.PageSize != uint64(os.Getpagesize()) || i.ClkTck != 100 {
		t.Errorf("info %+v, %v", i, err)
	}
}

func TestParseOutput(t *testing.T) {
	hostile, err := os.ReadFile("testdata/output.hostile")
	if err != nil {
		t.Fatal(err)
	}
	o, err := ParseOutput(hostile)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(o.Pids); got != 3 {
		t.Fatalf("%d processes, want 3", got)
	}
	b := NewBuilder("h", Filter{IgnoreFSTypes: []string{"tmpfs"}, IgnoreIfaces: []string{"lo"}, Required: []string{"systemd", "fake"}, TopN: 5})
	s := b.Build(o, time.Unix(1000, 0))
	if len(s.Errors) > 0 {
		t.Fatalf("errors %v", s.Errors)
	}
	// The process whose name holds a newline and a fake stat line is one
	// process named "evil\n1 (fake) R ...x".
	var names []string
	for _, p := range s.Procs.TopMem {
		names = append(names, p.Name)
	}
	if s.Procs.Total != 2 || !strings.HasPrefix(names[1], "evil\n1 (fake)") {
		t.Errorf("processes %q (total %d)", names, s.Procs.Total)
	}
	if !equalStrings(s.Procs.Missing, []string{"fake"}) {
		t.Errorf("missing %v, want [fake]", s.Procs.Missing)
	}
	if s.Mem.TotalBytes != 2048000*1024 || s.Mem.Percent != 50 {
		t.Errorf("mem %+v", s.Mem)
	}
	if len(s.Disks) != 1 || s.Disks[0].Mount != "/" || len(s.Net) != 1 || s.Net[0].Iface != "eth0" || s.UptimeS != 1000.5 || s.CPU.Cores != 1 {
		t.Errorf("snapshot %+v", s)
	}
	if s.Load.Load1 != 0.5 {
		t.Errorf("load %+v", s.Load)
	}
}

func TestParseOutputErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/output.debian12")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrNoMarker, ""},
		{"garbage", []byte("\x00\xffnot the output\n"), ErrNoMarker, ""},
		{"cut before df", good[:len(good)/3], ErrTruncated, ""},
		{"cut before end", good[:len(good)-8], ErrTruncated, ""},
		{"line without prefix", []byte("@@lookout 1\nno prefix here\n@@df\n@@end\n"), nil, "without a file prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOutput(tt.in)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v, want %v %q", err, tt.want, tt.msg)
			}
		})
	}
}

// TestBuildPartialFailure: a part that is missing or broken is reported
// in Errors and the rest is still filled in.
func TestBuildPartialFailure(t *testing.T) {
	good, _ := os.ReadFile("testdata/output.debian12")
	o, err := ParseOutput(good)
	if err != nil {
		t.Fatal(err)
	}
	delete(o.Files, "diskstats")
	o.Files["meminfo"] = []byte("MemTotal: lots\n")
	o.Df = nil
	s := NewBuilder("h", Filter{TopN: 3}).Build(o, time.Now())
	for _, part := range []string{"disk_io", "mem", "disks"} {
		if s.Errors[part] == "" {
			t.Errorf("no error for %s: %v", part, s.Errors)
		}
	}
	if s.CPU.Cores == 0 || s.Procs.Total == 0 || s.UptimeS == 0 {
		t.Errorf("the good parts are missing: %+v", s)
	}
}

// TestRatesUseRemoteUptime: rates are computed over the remote uptime
// difference, not the workstation's clock.
func TestRatesUseRemoteUptime(t *testing.T) {
	mk := func(up string, rx int) Output {
		return Output{Files: map[string][]byte{
			"uptime":  []byte(up + " 0\n"),
			"net/dev": []byte("h\nh\neth0: " + itoa(rx) + " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"),
		}}
	}
	b := NewBuilder("h", Filter{TopN: -1})
	if first := b.Build(mk("100", 0), time.Unix(0, 0)); !first.RatesUnknown {
		t.Error("first reading not marked RatesUnknown")
	}
	s := b.Build(mk("102", 2000), time.Unix(60, 0)) // the workstation waited 60 s
	if len(s.Net) != 1 || s.Net[0].RxBytesPerS != 1000 {
		t.Errorf("rx rate %+v, want 1000 B/s", s.Net)
	}
}

func TestParseTarget(t *testing.T) {
	tests := []struct {
		name, in, user, host string
		port                 int
		err                  string
	}{
		{"full", "root@web1:2222", "root", "web1", 2222, ""},
		{"alias", "web1", "", "web1", 0, ""},
		{"ipv6", "admin@[::1]:22", "admin", "::1", 22, ""},
		{"bare ipv6", "fe80::1", "", "fe80::1", 0, ""},
		{"user with at", "me@corp@host", "me@corp", "host", 0, ""},
		{"bad port", "h:99999", "", "", 0, "1 to 65535"},
		{"shell", "h;rm -rf /", "", "", 0, "want user@host"},
		{"option", "-oProxyCommand=x", "", "", 0, "want user@host"},
		{"empty user", "@h", "", "", 0, "empty user"},
		{"empty", "", "", "", 0, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, h, p, err := ParseTarget(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || u != tt.user || h != tt.host || p != tt.port {
				t.Errorf("got %q %q %d %v", u, h, p, err)
			}
		})
	}
}

func TestResolveSSHConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	os.WriteFile(cfg, []byte(`Host web1
  HostName 10.0.0.5
  User deploy
  Port 2200
  IdentityFile ~/.ssh/web_key
  ProxyJump bastion,ops@jump2:2022

Host bastion
  HostName bastion.example.net

Host *
  User fallback
`), 0o600)
	cs, err := loadSSHConfigs([]string{cfg, filepath.Join(dir, "absent")})
	if err != nil {
		t.Fatal(err)
	}
	home, _ := os.UserHomeDir()
	tests := []struct {
		name, target, want string
		ids, jumps         []string
	}{
		{"alias", "web1", "deploy@10.0.0.5:2200", []string{home + "/.ssh/web_key"}, []string{"bastion", "ops@jump2:2022"}},
		{"target overrides config", "root@web1:22", "root@10.0.0.5:22", []string{home + "/.ssh/web_key"}, []string{"bastion", "ops@jump2:2022"}},
		{"wildcard user", "db", "fallback@db:22", nil, nil},
		{"jump alias", "bastion", "fallback@bastion.example.net:22", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := resolve(tt.target, cs)
			if err != nil {
				t.Fatal(err)
			}
			if ep.String() != tt.want || !equalStrings(ep.Identities, tt.ids) || !equalStrings(ep.ProxyJump, tt.jumps) {
				t.Errorf("got %s ids %v jumps %v", ep, ep.Identities, ep.ProxyJump)
			}
		})
	}
	os.WriteFile(cfg, []byte("Host x\n  Port notanumber\n"), 0o600)
	if _, err := New(Options{Target: "x", SSHConfigFiles: []string{cfg}}); err == nil {
		t.Error("a broken ssh config was accepted")
	}
}

// TestProxyJump reaches one sshd through another, named by aliases in an
// ssh config file, as ssh -J does.
func TestProxyJump(t *testing.T) {
	jump := startSSHD(t, "")
	target := startSSHD(t, "")
	o := trusted(target, t, "behind")
	RecordHostKey(o.TrustFile, jump.Addr(), jump.HostKey)
	cfg := filepath.Join(t.TempDir(), "config")
	os.WriteFile(cfg, []byte("Host behind\n  HostName 127.0.0.1\n  Port "+itoa(target.Port)+"\n  ProxyJump hop\n  IdentityFile "+target.ClientKey+
		"\nHost hop\n  HostName 127.0.0.1\n  Port "+itoa(jump.Port)+"\n  IdentityFile "+jump.ClientKey+"\nHost *\n  User "+currentUser()+"\n"), 0o600)
	o.Target, o.IdentityFiles, o.SSHConfigFiles = "behind", nil, []string{cfg}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if s := mustCollect(t, c); s.Host != "behind" || s.Mem.TotalBytes == 0 {
		t.Errorf("snapshot %+v", s)
	}
	// The target's sshd saw a connection from the jump sshd, not from us:
	// stopping the jump host breaks the connection.
	jump.Stop()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := collect(t, c); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("still connected with the jump host down")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func FuzzParseOutput(f *testing.F) {
	for _, n := range []string{"testdata/output.debian12", "testdata/output.hostile"} {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("@@lookout 1\n@@df\n@@end\n"))
	b := NewBuilder("fuzz", Filter{IgnoreFSTypes: local.DefaultIgnoreFSTypes, TopN: 5, Required: []string{"init"}})
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := bytes.Clone(in)
		o, err := ParseOutput(in)
		if !bytes.Equal(in, orig) {
			t.Fatal("ParseOutput modified its input")
		}
		if err != nil {
			return
		}
		s := b.Build(o, time.Unix(0, 0))
		if s.Mem.Percent < 0 || s.Mem.Percent > 100 {
			t.Fatalf("mem percent %g", s.Mem.Percent)
		}
		_ = entity.Snapshot(s)
	})
}
