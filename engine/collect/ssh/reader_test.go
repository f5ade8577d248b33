package ssh

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"lookout/entity"
	"lookout/internal/testenv"

	"lookout/engine/procfs"
)

// TestReaderRunsLocally runs ReaderProgram with this machine's /bin/sh,
// asks for a poll with df and one without, and parses both replies like
// Script's: every part is there, the second reuses df, and the processes'
// figures match what Script prints for the same processes.
func TestReaderRunsLocally(t *testing.T) {
	out := runReader(t, nil, nil)
	replies := bytes.SplitAfter(out, []byte("@@end\n"))
	if len(replies) != 3 || len(replies[2]) != 0 {
		t.Fatalf("%d replies, want 2", len(replies)-1)
	}
	first, err := ParseOutput(replies[0])
	if err != nil {
		t.Fatal(err)
	}
	second, err := ParseOutput(replies[1])
	if err != nil {
		t.Fatal(err)
	}
	if first.DfCached || len(first.Df) == 0 || !second.DfCached || len(second.Df) != 0 {
		t.Errorf("df: first %d bytes (cached %v), second %d bytes (cached %v); want df, then cached",
			len(first.Df), first.DfCached, len(second.Df), second.DfCached)
	}
	for _, f := range []string{"stat", "meminfo", "loadavg", "net/dev", "diskstats", "uptime"} {
		if len(first.Files[f]) == 0 {
			t.Errorf("no %s in the reply", f)
		}
	}
	if bytes.Contains(first.Files["stat"], []byte("intr ")) {
		t.Errorf("/proc/stat's interrupt lines were not left out")
	}
	b := NewBuilder("self", Filter{TopN: 5})
	if s := b.Build(first, time.Now()); len(s.Errors) > 0 {
		t.Errorf("errors: %v", s.Errors)
	}
	// The compact process lines carry the figures of the full ones.
	full, err := exec.Command("/bin/sh", "-c", Script).Output()
	if err != nil {
		t.Fatal(err)
	}
	script, err := ParseOutput(full)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int32]procfs.PidStat{}
	for _, l := range script.Pids {
		if p, err := procfs.ParsePidStat(l); err == nil {
			want[p.PID] = p
		}
	}
	same := 0
	for _, l := range first.Pids {
		p, err := procfs.ParsePidStat(l)
		if err != nil {
			t.Fatalf("compact line %q: %v", l, err)
		}
		w, ok := want[p.PID]
		if !ok || p.StartTime != w.StartTime {
			continue // gone, and its PID reused
		}
		// Kernel threads (no resident memory) rename themselves as they
		// work (kworker/u8:1-writeback); other names stay.
		renamed := p.RSSPages == 0 && w.RSSPages == 0
		if (p.Comm != w.Comm && !renamed) || p.UTime > w.UTime || p.STime > w.STime {
			t.Errorf("process %d: reader %+v, script %+v", p.PID, p, w)
		}
		same++
	}
	if same < 2 {
		t.Errorf("only %d processes in both outputs", same)
	}
}

// runReader runs ReaderProgram with the shell prog (nil: this machine's /bin/sh),
// in env (nil: this process's), asks for a poll with df and one without, and
// returns both replies. Requests are written only after the reader said
// it is ready, as the collector does; closing its input ends it and its
// process group.
func runReader(t *testing.T, prog, env []string) []byte {
	t.Helper()
	if prog == nil {
		prog = []string{"/bin/sh"}
	}
	cmd := exec.Command(prog[0], prog[1:]...)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own group, as under sshd
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sh := &shell{stdin: stdin, out: bufio.NewReader(stdout)}
	if err := sh.startReader(); err != nil || !sh.reader {
		t.Fatalf("reader did not start: %v", err)
	}
	var out []byte
	for _, req := range []string{requestPollDf, requestPoll} {
		b, err := sh.exec(req, 16<<20)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	stdin.Close()
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "terminated") {
		t.Errorf("reader exit: %v, want the group terminated", err)
	}
	return out
}

// TestReaderShells runs the reader with each shell and awk at hand as the
// remote's: dash with mawk (Debian's and Ubuntu's defaults; mawk needs -W
// interactive to answer a request before its input buffer fills), bash
// (/bin/sh on RHEL and Fedora) with mawk, and busybox's sh and awk
// (Alpine, small images). Each answers both requests with every part.
func TestReaderShells(t *testing.T) {
	tests := []struct {
		name  string
		shell []string
		awk   []string
	}{
		{"dash, mawk", []string{"dash"}, []string{"mawk"}},
		{"bash, mawk", []string{"bash"}, []string{"mawk"}},
		{"busybox sh, busybox awk", []string{"busybox", "sh"}, []string{"busybox", "awk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh := append([]string{testenv.Require(t, tt.shell[0])}, tt.shell[1:]...)
			awk := testenv.Require(t, tt.awk[0])
			dir := t.TempDir()
			wrapper := "#!/bin/sh\nexec " + strings.Join(append([]string{awk}, tt.awk[1:]...), " ") + " \"$@\"\n"
			if err := os.WriteFile(filepath.Join(dir, "awk"), []byte(wrapper), 0o755); err != nil {
				t.Fatal(err)
			}
			df, err := exec.LookPath("df")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(df, filepath.Join(dir, "df")); err != nil {
				t.Fatal(err)
			}
			out := runReader(t, sh, []string{"PATH=" + dir})
			replies := bytes.SplitAfter(out, []byte("@@end\n"))
			if len(replies) != 3 {
				t.Fatalf("%d replies, want 2", len(replies)-1)
			}
			for i, r := range replies[:2] {
				o, err := ParseOutput(r)
				if err != nil {
					t.Fatalf("reply %d: %v", i, err)
				}
				s := NewBuilder("self", Filter{TopN: 5}).Build(o, time.Now())
				if i == 1 {
					delete(s.Errors, "disks") // df cached: the collector fills it in
				}
				if len(s.Errors) > 0 || len(o.Pids) < 2 || (i == 0) == o.DfCached {
					t.Errorf("reply %d: errors %v, %d processes, df cached %v", i, s.Errors, len(o.Pids), o.DfCached)
				}
			}
		})
	}
}

// TestReaderRunsDfSeldom: the reader runs df at the first poll and then
// only when the last df output is DfMaxAge old (or the mounts changed):
// the polls in between report the same filesystems from the cached
// output. A wrapper df on the remote's PATH counts its runs.
func TestReaderRunsDfSeldom(t *testing.T) {
	realDf, err := exec.LookPath("df")
	if err != nil {
		t.Fatal(err)
	}
	bin := pathWith(t, "awk", "getconf", "timeout")
	runs := filepath.Join(t.TempDir(), "runs")
	wrapper := "#!/bin/sh\necho run >>" + runs + "\nexec " + realDf + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "df"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	d := startSSHD(t, "SetEnv PATH="+bin)
	o := trusted(d, t, "df")
	o.DfMaxAge = time.Hour
	var mu sync.Mutex
	now := time.Now()
	o.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	count := func() int {
		b, _ := os.ReadFile(runs)
		return bytes.Count(b, []byte("run\n"))
	}
	var first []entity.DiskStat
	for i := range 3 {
		s := mustCollect(t, c)
		if len(s.Errors) > 0 || len(s.Disks) == 0 {
			t.Fatalf("poll %d: errors %v, disks %v", i, s.Errors, s.Disks)
		}
		if i == 0 {
			first = s.Disks
		} else if len(s.Disks) != len(first) {
			t.Errorf("poll %d: %d filesystems, %d at the first", i, len(s.Disks), len(first))
		}
	}
	if n := count(); n != 1 {
		t.Errorf("df ran %d times in 3 polls, want once", n)
	}
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	mustCollect(t, c)
	if n := count(); n != 2 {
		t.Errorf("df ran %d times after DfMaxAge, want 2", n)
	}
}

// TestReaderProgramIsFixed: the reader only reads. Its one redirection of
// output is to /dev/null, and the one signal it sends is to its own
// process group when its input ends.
func TestReaderProgramIsFixed(t *testing.T) {
	shellPart := strings.Replace(ReaderProgram, readerAwk, "", 1)
	p := strings.ReplaceAll(strings.ReplaceAll(shellPart, ">/dev/null", ""), "2>&1", "")
	for _, bad := range []string{">", "rm ", "tee", "eval", "`"} {
		if strings.Contains(p, bad) {
			t.Errorf("the reader's shell part contains %q", bad)
		}
	}
	if m := regexp.MustCompile(`printf?[^;}]*[>|]|system\(|\| *getline`).FindAllString(readerAwk, -1); len(m) != 2 ||
		!strings.HasPrefix(m[0], "system(") || !strings.Contains(m[1], "| getline") {
		t.Errorf("the awk part writes to a file or runs a command other than timeout's check and df: %q", m)
	}
	if strings.Count(ReaderProgram, "kill") != 1 || !strings.Contains(ReaderProgram, "[ $g = 1 ] && kill 0") {
		t.Errorf("ReaderProgram signals something other than its own group")
	}
	if strings.Contains(readerAwk, "'") {
		t.Errorf("the awk program holds a single quote, which would end the shell's quoting")
	}
}
