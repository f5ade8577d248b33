package ssh

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lookout/entity"
	"lookout/internal/sshdtest"

	"lookout/engine"
)

// session returns sshd configuration for the sessions of a test: a HOME
// whose .bashrc holds rc (bash reads ~/.bashrc for `ssh host command` when
// sshd starts it: Debian builds it with SSH_SOURCE_BASHRC), so that tests
// can have a slow login shell without touching the real home directory;
// PATH when path is set; and a marker variable that every process of
// those sessions inherits, by which marked finds them (the tests log in
// as root, so the user does not tell them from other processes). sshd
// takes only the first SetEnv line, so this is the only one.
func session(t testing.TB, rc, path string) (cfg, mark string) {
	t.Helper()
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".bashrc"), []byte(rc+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mark = "LOOKOUT_TEST_SESSION=" + strconv.FormatInt(time.Now().UnixNano(), 36)
	cfg = "SetEnv HOME=" + home + " " + mark
	if path != "" {
		cfg += " PATH=" + path
	}
	return cfg, mark
}

// marked returns the processes whose environment holds mark (the test
// sessions' processes on the server, wherever their parents went),
// described.
func marked(mark string) []string {
	var out []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || !bytes.Contains(env, []byte("\x00"+mark+"\x00")) && !bytes.HasPrefix(env, []byte(mark+"\x00")) {
			continue
		}
		cmd, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		out = append(out, fmt.Sprintf("%s %.80s", e.Name(), strings.ReplaceAll(strings.TrimRight(string(cmd), "\x00"), "\x00", " ")))
	}
	return out
}

// waitGone waits (up to limit) until no process holds mark and returns
// those still there.
func waitGone(mark string, limit time.Duration) []string {
	deadline := time.Now().Add(limit)
	for {
		left := marked(mark)
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pollAll polls every collector once, all at once, each with timeout, and
// returns the errors.
func pollAll(cols []*Collector, timeout time.Duration) []error {
	errs := make([]error, len(cols))
	var wg sync.WaitGroup
	for i, c := range cols {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			_, errs[i] = c.Collect(ctx)
		}()
	}
	wg.Wait()
	return errs
}

// TestLoginStormLeavesNothing: a storm of hosts (names for one loopback
// sshd) whose login shell's .bashrc takes longer than the login's
// deadline, polled again and again: each host has at most one login shell
// on the server at any time (a timed-out login is not retried while its
// shell runs on, and new logins wait their turn), and once polling stops
// nothing of those sessions is left once the rc file has run out. sshd
// refuses the "signal" request for root logins, so a root login shell
// still in its rc file runs that file to its end; for other users the
// collector's SIGKILL ends it at once.
func TestLoginStormLeavesNothing(t *testing.T) {
	const hosts, rcTime = 8, 2 * time.Second
	cfg, mark := session(t, "sleep 2", "")
	d := startSSHD(t, cfg)
	logins := NewLogins(4)
	var cols []*Collector
	for i := range hosts {
		o := trusted(d, t, "storm"+strconv.Itoa(i))
		o.Log = discardLog()
		o.Logins = logins
		o.DialTimeout = 500 * time.Millisecond
		o.BackoffMin, o.BackoffMax = time.Millisecond, 2*time.Millisecond
		c, err := New(o)
		if err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	most := 0
	for range 6 {
		for i, err := range pollAll(cols, 300*time.Millisecond) {
			if engine.KindOf(err) != entity.KindTimeout {
				t.Fatalf("host %d: %v, want a login that timed out in .bashrc", i, err)
			}
		}
		shells := 0
		for _, p := range marked(mark) {
			if strings.Contains(p, "bash") {
				shells++
			}
		}
		most = max(most, shells)
		time.Sleep(5 * time.Millisecond) // past the back-off
	}
	for _, c := range cols {
		c.Close()
	}
	if most == 0 {
		t.Fatal("no login shell ever seen on the server: the marker or the .bashrc did not take")
	}
	// Each poll times out after its 500 ms login; a login shell lives
	// for its 2 s rc file; polls follow one another, so at most
	// ceil(2 s / 500 ms) + 1 shells per host can overlap even when each
	// is left to run out, and far fewer when they are killed.
	if limit := hosts * (int(rcTime/(500*time.Millisecond)) + 1); most > limit {
		t.Errorf("%d login shells at once for %d hosts, want at most %d", most, hosts, limit)
	}
	if left := waitGone(mark, rcTime+5*time.Second); len(left) > 0 {
		t.Errorf("%d processes left on the server after the storm:\n%s", len(left), strings.Join(left, "\n"))
	}
}

// TestTimedOutPollLeavesNothing: a poll whose df hangs (no timeout(1) on
// the remote) times out; the reader's session is closed, the reader sees
// its input end and ends its process group, the hung df with it. The
// hung df used to stay (sshd refuses signals for root logins).
func TestTimedOutPollLeavesNothing(t *testing.T) {
	bin := pathWith(t, "awk", "sh", "getconf", "sleep")
	if err := os.WriteFile(filepath.Join(bin, "df"), []byte("#!/bin/sh\nexec sleep 60\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, mark := session(t, "", bin)
	d := startSSHD(t, cfg)
	o := trusted(d, t, "hungdf")
	o.Log = discardLog()
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if _, err := c.Collect(ctx); engine.KindOf(err) != entity.KindTimeout {
		t.Fatalf("poll with a hung df: %v, want a timeout", err)
	}
	if left := waitGone(mark, 5*time.Second); len(left) > 0 {
		t.Errorf("%d processes left on the server after the poll timed out:\n%s", len(left), strings.Join(left, "\n"))
	}
}

// countingProxy forwards connections to addr after delay and counts
// them: accepted in all, and the most at once still in their delay (that
// is, logging in).
type countingProxy struct {
	mu                  sync.Mutex
	accepted, now, most int
	port                int
}

func newCountingProxy(t *testing.T, addr string, delay time.Duration) *countingProxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	p := &countingProxy{port: l.Addr().(*net.TCPAddr).Port}
	go func() {
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.accepted++
			p.now++
			p.most = max(p.most, p.now)
			p.mu.Unlock()
			go func() {
				defer in.Close()
				time.Sleep(delay)
				p.mu.Lock()
				p.now--
				p.mu.Unlock()
				out, err := net.Dial("tcp", addr)
				if err != nil {
					return
				}
				defer out.Close()
				go io.Copy(out, in)
				io.Copy(in, out)
			}()
		}
	}()
	return p
}

func (p *countingProxy) counts() (accepted, most int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accepted, p.most
}

func viaProxy(t *testing.T, d *sshd, p *countingProxy, name string) Options {
	o := options(d, t, name)
	o.Target = sshdtest.CurrentUser() + "@127.0.0.1:" + strconv.Itoa(p.port)
	if err := RecordHostKey(o.TrustFile, "127.0.0.1:"+strconv.Itoa(p.port), d.HostKey); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestOneLoginPerHost: polls of one host that overlap while its login is
// slow share that login: the server sees one connection.
func TestOneLoginPerHost(t *testing.T) {
	d := startSSHD(t, "")
	p := newCountingProxy(t, d.Addr(), 700*time.Millisecond)
	c, err := New(viaProxy(t, d, p, "one"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i, err := range pollAll([]*Collector{c, c, c, c}, 10*time.Second) {
		if err != nil {
			t.Errorf("poll %d: %v", i, err)
		}
	}
	if accepted, _ := p.counts(); accepted != 1 {
		t.Errorf("%d connections for 4 overlapping polls of one host, want 1", accepted)
	}
}

// TestLoginsBounded: hosts sharing a Logins of 2 log in two at a time,
// and all of them come up.
func TestLoginsBounded(t *testing.T) {
	d := startSSHD(t, "")
	p := newCountingProxy(t, d.Addr(), 300*time.Millisecond)
	logins := NewLogins(2)
	var cols []*Collector
	for i := range 6 {
		o := viaProxy(t, d, p, "b"+strconv.Itoa(i))
		o.Logins = logins
		c, err := New(o)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		cols = append(cols, c)
	}
	for i, err := range pollAll(cols, 30*time.Second) {
		if err != nil {
			t.Errorf("host %d: %v", i, err)
		}
	}
	if accepted, most := p.counts(); accepted != 6 || most > 2 {
		t.Errorf("%d logins, at most %d at once; want 6, at most 2", accepted, most)
	}
	if n := logins.InUse(); n != 0 {
		t.Errorf("%d login slots still taken", n)
	}
}
