package ssh

import (
	"context"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"lookout/internal/sshdtest"
)

// slowProxy forwards connections to addr after delay, like a host whose
// first login is slow (DNS, a loaded sshd, a long path).
func slowProxy(t *testing.T, addr string, delay time.Duration) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer in.Close()
				time.Sleep(delay)
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
	return l.Addr().(*net.TCPAddr).Port
}

// TestLoginNotChargedToPoll: a login slower than the poll's deadline
// still succeeds (it has its own, DialTimeout), and the poll then runs
// Script within its whole deadline. It used to time out: the login shared
// the poll's deadline.
func TestLoginNotChargedToPoll(t *testing.T) {
	d := startSSHD(t, "")
	port := slowProxy(t, d.Addr(), 1500*time.Millisecond)
	o := options(d, t, "slowlogin")
	o.Target = sshdtest.CurrentUser() + "@127.0.0.1:" + strconv.Itoa(port)
	if err := RecordHostKey(o.TrustFile, "127.0.0.1:"+strconv.Itoa(port), d.HostKey); err != nil {
		t.Fatal(err)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	s, err := c.Collect(ctx)
	if err != nil {
		t.Fatalf("poll with a 1 s deadline after a 1.5 s login: %v", err)
	}
	if s.Mem.TotalBytes == 0 || time.Since(start) < 1500*time.Millisecond {
		t.Errorf("snapshot %+v after %v", s.Mem, time.Since(start))
	}
	// The next poll reuses the connection: no login, well within 1 s.
	ctx2, cancel2 := context.WithTimeout(context.Background(), time.Second)
	defer cancel2()
	if _, err := c.Collect(ctx2); err != nil {
		t.Errorf("second poll: %v", err)
	}
}

// TestLoginGetsLongerPollDeadline: a poll whose deadline is longer than
// DialTimeout (lookout hosts --timeout 30s) lets the login use it. The
// login used to be cut at DialTimeout whatever the caller asked.
func TestLoginGetsLongerPollDeadline(t *testing.T) {
	d := startSSHD(t, "")
	port := slowProxy(t, d.Addr(), 1500*time.Millisecond)
	o := options(d, t, "longtimeout")
	o.Target = sshdtest.CurrentUser() + "@127.0.0.1:" + strconv.Itoa(port)
	o.DialTimeout = 500 * time.Millisecond
	if err := RecordHostKey(o.TrustFile, "127.0.0.1:"+strconv.Itoa(port), d.HostKey); err != nil {
		t.Fatal(err)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.Collect(ctx); err != nil {
		t.Fatalf("poll with a 10 s deadline, 0.5 s DialTimeout, 1.5 s login: %v", err)
	}
}
