package ssh

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
)

// pathWith returns a directory holding links to only the named commands,
// to serve as the remote's PATH.
func pathWith(t *testing.T, cmds ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, c := range cmds {
		p, err := exec.LookPath(c)
		if err != nil {
			t.Skipf("no %s here: %v", c, err)
		}
		if err := os.Symlink(p, filepath.Join(dir, c)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRemoteMissingCommands polls a real sshd whose sessions get a PATH
// without grep, or without df. No grep is a host error that names it (the
// host showed as ok with every figure 0); no df is an error of the disks
// part, and the other parts are still read.
func TestRemoteMissingCommands(t *testing.T) {
	tests := []struct {
		name    string
		cmds    []string
		hostErr string // "" : the poll succeeds
		part    string
		partErr string
	}{
		{name: "no grep", cmds: []string{"df", "timeout", "getconf"}, hostErr: "remote has no grep"},
		{name: "no df", cmds: []string{"grep", "timeout", "getconf"}, part: "disks", partErr: "remote has no df"},
		// Without awk there is no persistent reader: each poll runs Script,
		// and the host's "reader" part says so.
		{name: "no awk", cmds: []string{"grep", "df", "timeout", "getconf"}, part: "reader", partErr: "no persistent reader"},
		// The reader needs no grep.
		{name: "awk, no grep", cmds: []string{"awk", "df", "timeout", "getconf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := startSSHD(t, "SetEnv PATH="+pathWith(t, tt.cmds...))
			o := trusted(d, t, "bare")
			c, err := New(o)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			s, err := collect(t, c)
			if tt.hostErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.hostErr) || engine.KindOf(err) != entity.KindProtocol {
					t.Fatalf("poll: snapshot cpu %v mem %v, error %v; want a protocol error %q", s.CPU, s.Mem, err, tt.hostErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Mem.TotalBytes == 0 || s.CPU.Cores == 0 {
				t.Errorf("the other parts are missing: mem %+v, cpu %+v", s.Mem, s.CPU)
			}
			if tt.part == "" {
				if len(s.Errors) > 0 || len(s.Disks) == 0 {
					t.Errorf("errors %v, disks %v; want none, and disks", s.Errors, s.Disks)
				}
				return
			}
			if !strings.Contains(s.Errors[tt.part], tt.partErr) {
				t.Errorf("Errors[%s] = %q, want %q (errors %v)", tt.part, s.Errors[tt.part], tt.partErr, s.Errors)
			}
			if tt.part == "disks" && len(s.Disks) != 0 {
				t.Errorf("disks %v without df", s.Disks)
			}
		})
	}
}

// TestReaderThatNeverAnswers: an awk that starts but never answers a
// request (one that waits for a full buffer of input) costs two polls
// (one could be a slow first df): they time out, and the next poll, on a
// new shell, writes Script and says so in the "reader" part. The host
// used to time out at every poll.
func TestReaderThatNeverAnswers(t *testing.T) {
	bin := pathWith(t, "grep", "df", "timeout", "getconf", "sleep")
	awk := "#!/bin/sh\n[ \"$3\" = \"BEGIN{}\" ] && exit 0\necho \"@@reader 1\"\nexec sleep 60\n"
	if err := os.WriteFile(filepath.Join(bin, "awk"), []byte(awk), 0o755); err != nil {
		t.Fatal(err)
	}
	d := startSSHD(t, "SetEnv PATH="+bin)
	o := trusted(d, t, "mute")
	o.Log = discardLog()
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := c.Collect(ctx)
		cancel()
		if engine.KindOf(err) != entity.KindTimeout {
			t.Fatalf("poll %d: %v, want a timeout", i, err)
		}
	}
	s, err := collect(t, c)
	if err != nil {
		t.Fatalf("second poll: %v", err)
	}
	if !strings.Contains(s.Errors["reader"], "no persistent reader") || s.Mem.TotalBytes == 0 {
		t.Errorf("errors %v, mem %+v; want the reader part's error and the figures", s.Errors, s.Mem)
	}
}
