package ssh

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/collect/local"
)

func collect(t *testing.T, c engine.Collector) (entity.Snapshot, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return c.Collect(ctx)
}

func mustCollect(t *testing.T, c engine.Collector) entity.Snapshot {
	t.Helper()
	s, err := collect(t, c)
	if err != nil {
		t.Fatalf("collect: %v", err)
	}
	return s
}

// TestSnapshotMatchesLocal polls this machine over SSH and locally: the
// two snapshots have the same JSON shape and agree within tolerance.
func TestSnapshotMatchesLocal(t *testing.T) {
	d := startSSHD(t, "")
	filter := Filter{IgnoreFSTypes: local.DefaultIgnoreFSTypes, IgnoreMounts: local.DefaultIgnoreMounts,
		IgnoreIfaces: []string{"lo"}, Keywords: []string{"sshd"}, Required: []string{"sshd", "no-such-daemon"}, TopN: 5}
	o := trusted(d, t, "self")
	o.Filter = filter
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	loc := local.New(local.Options{Host: "self", Keywords: filter.Keywords, Required: filter.Required, TopN: 5})
	mustCollect(t, c)
	mustCollect(t, loc)
	time.Sleep(300 * time.Millisecond) // a delta for rates
	rs := mustCollect(t, c)
	ls := mustCollect(t, loc)

	if len(rs.Errors) > 0 {
		t.Errorf("ssh snapshot has errors: %v", rs.Errors)
	}
	if got, want := shape(t, rs), shape(t, ls); got != want {
		t.Errorf("JSON shapes differ:\nssh   %s\nlocal %s", got, want)
	}
	if rs.Mem.TotalBytes != ls.Mem.TotalBytes {
		t.Errorf("mem total %d over ssh, %d locally", rs.Mem.TotalBytes, ls.Mem.TotalBytes)
	}
	if rs.CPU.Cores != ls.CPU.Cores || rs.CPU.Model != ls.CPU.Model {
		t.Errorf("cpu %d cores %q over ssh, %d %q locally", rs.CPU.Cores, rs.CPU.Model, ls.CPU.Cores, ls.CPU.Model)
	}
	near := func(what string, a, b, tol float64) {
		if math.Abs(a-b) > tol {
			t.Errorf("%s: %g over ssh, %g locally (tolerance %g)", what, a, b, tol)
		}
	}
	near("mem percent", rs.Mem.Percent, ls.Mem.Percent, 5)
	near("swap total", float64(rs.Swap.TotalBytes), float64(ls.Swap.TotalBytes), 0)
	near("uptime", rs.UptimeS, ls.UptimeS, 5)
	near("load1", rs.Load.Load1, ls.Load.Load1, 2)
	near("cpu percent", rs.CPU.Percent, ls.CPU.Percent, 60)
	near("processes", float64(rs.Procs.Total), float64(ls.Procs.Total), math.Max(10, 0.2*float64(ls.Procs.Total)))
	if !equalStrings(mounts(rs), mounts(ls)) {
		t.Errorf("mounts %v over ssh, %v locally", mounts(rs), mounts(ls))
	}
	for i := range min(len(rs.Disks), len(ls.Disks)) {
		near("disk total "+rs.Disks[i].Mount, float64(rs.Disks[i].TotalBytes), float64(ls.Disks[i].TotalBytes), 0)
		near("disk percent "+rs.Disks[i].Mount, rs.Disks[i].Percent, ls.Disks[i].Percent, 2)
	}
	if !equalStrings(ifaces(rs), ifaces(ls)) {
		t.Errorf("interfaces %v over ssh, %v locally", ifaces(rs), ifaces(ls))
	}
	if rs.Procs.Counts["sshd"] < 1 {
		t.Errorf("count of sshd processes = %d, want >= 1", rs.Procs.Counts["sshd"])
	}
	if !equalStrings(rs.Procs.Missing, []string{"no-such-daemon"}) {
		t.Errorf("missing = %v, want [no-such-daemon]", rs.Procs.Missing)
	}
}

// shape is the sorted list of JSON key paths of a snapshot (arrays
// collapsed), so that two snapshots compare by structure, not values.
func shape(t *testing.T, s entity.Snapshot) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	json.Unmarshal(b, &v)
	keys := map[string]bool{}
	var walk func(string, any)
	walk = func(p string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if p == ".procs.counts" || p == ".errors" {
					continue // keyed by data
				}
				keys[p+"."+k] = true
				walk(p+"."+k, c)
			}
		case []any:
			for _, c := range x {
				walk(p+"[]", c)
			}
		}
	}
	walk("", v)
	var out []string
	for k := range keys {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func mounts(s entity.Snapshot) []string {
	var m []string
	for _, d := range s.Disks {
		m = append(m, d.Mount)
	}
	return m
}

func ifaces(s entity.Snapshot) []string {
	var m []string
	for _, n := range s.Net {
		m = append(m, n.Iface)
	}
	return m
}

func equalStrings(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// TestHostKeys: an unknown key is not connected and shows its
// fingerprint; after Trust the host connects; a changed key is refused
// and never replaced.
func TestHostKeys(t *testing.T) {
	d := startSSHD(t, "")
	o := options(d, t, "web1")
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fp := Fingerprint(d.HostKey)

	_, err = collect(t, c)
	if k := engine.KindOf(err); k != entity.KindUntrusted {
		t.Fatalf("unknown key: kind %q (%v), want untrusted", k, err)
	}
	for _, want := range []string{"host key not trusted", fp, "lookout trust web1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	var he *HostKeyError
	if !errors.As(err, &he) || he.Key == nil {
		t.Errorf("error %v carries no *HostKeyError with the key", err)
	}

	declined, err := c.Trust(context.Background(), func(HostKey) bool { return false })
	if !errors.Is(err, ErrNotConfirmed) || declined.Fingerprint != fp {
		t.Fatalf("declined trust: %+v, %v", declined, err)
	}
	if _, err := os.Stat(o.TrustFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("declined trust wrote %s", o.TrustFile)
	}
	var shown HostKey
	hk, err := c.Trust(context.Background(), func(h HostKey) bool { shown = h; return true })
	if err != nil {
		t.Fatal(err)
	}
	if shown.Fingerprint != fp || !hk.Trusted || shown.Host != "[127.0.0.1]:"+itoa(d.Port) {
		t.Errorf("trust showed %+v, want fingerprint %s", shown, fp)
	}
	if _, err := collect(t, c); err != nil {
		t.Fatalf("after trust: %v", err)
	}
	again, err := c.Trust(context.Background(), func(HostKey) bool { t.Error("asked again for a trusted key"); return false })
	if err != nil || !again.Trusted {
		t.Errorf("trust of a trusted key: %+v, %v", again, err)
	}

	before, _ := os.ReadFile(o.TrustFile)
	d.Stop()
	d.NewHostKey()
	d.Start()
	c2, err := New(o) // a fresh start of Lookout
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	for _, col := range []*Collector{c, c2} {
		_, err = collect(t, col)
		if k := engine.KindOf(err); k != entity.KindKeyChanged {
			t.Fatalf("changed key: kind %q (%v), want key_changed", k, err)
		}
		if !strings.Contains(err.Error(), "host key changed") || !strings.Contains(err.Error(), Fingerprint(d.HostKey)) {
			t.Errorf("error %q should say host key changed and show the new fingerprint", err)
		}
	}
	if _, err := c2.Trust(context.Background(), func(HostKey) bool { return true }); err == nil {
		t.Error("trust replaced a changed key")
	}
	after, _ := os.ReadFile(o.TrustFile)
	if string(before) != string(after) {
		t.Errorf("known_hosts changed after a refused key:\n%s\n%s", before, after)
	}
}

func itoa(n int) string { return fmtInt(n) }

func fmtInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestErrorKinds: refused port, wrong key, and a slow poll.
func TestErrorKinds(t *testing.T) {
	d := startSSHD(t, "")
	t.Run("refused", func(t *testing.T) {
		o := trusted(d, t, "down")
		o.Target = "127.0.0.1:" + itoa(freePort(t))
		c, _ := New(o)
		defer c.Close()
		_, err := collect(t, c)
		if k := engine.KindOf(err); k != entity.KindRefused {
			t.Errorf("kind %q (%v), want refused", k, err)
		}
		// Within the back-off the next poll fails at once, same kind.
		_, err = collect(t, c)
		if k := engine.KindOf(err); k != entity.KindRefused {
			t.Errorf("second poll: kind %q (%v), want refused", k, err)
		}
	})
	t.Run("auth", func(t *testing.T) {
		o := trusted(d, t, "auth")
		o.IdentityFiles = []string{filepath.Join(t.TempDir(), "other")}
		newKey(t, o.IdentityFiles[0])
		c, _ := New(o)
		defer c.Close()
		_, err := collect(t, c)
		if k := engine.KindOf(err); k != entity.KindAuth {
			t.Errorf("kind %q (%v), want auth", k, err)
		}
		if err != nil && (!strings.Contains(err.Error(), "authentication failed") || strings.Contains(err.Error(), "PRIVATE")) {
			t.Errorf("error %q", err)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		c, _ := New(trusted(d, t, "slow"))
		defer c.Close()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Collect(ctx)
		if k := engine.KindOf(err); k != entity.KindTimeout {
			t.Errorf("kind %q (%v), want timeout", k, err)
		}
		if _, err := collect(t, c); err != nil {
			t.Errorf("after a missed deadline: %v", err)
		}
	})
}

// TestUnreachableAndRecover runs the sampler over two hosts: when one
// host's sshd dies it becomes unreachable after fail_limit polls while the
// other keeps being polled; when sshd comes back the host recovers.
func TestUnreachableAndRecover(t *testing.T) {
	a := startSSHD(t, "")
	b := startSSHD(t, "")
	ca, _ := New(trusted(a, t, "a"))
	cb, _ := New(trusted(b, t, "b"))
	defer ca.Close()
	defer cb.Close()
	ring := engine.NewRing(1000)
	s := engine.NewSampler(ring, nil)
	var mu sync.Mutex
	okPolls := map[string]int{}
	s.Observe(func(st entity.HostStatus, _ entity.Snapshot, ok bool) {
		mu.Lock()
		if ok {
			okPolls[st.Host]++
		}
		mu.Unlock()
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		s.Run(ctx, []engine.Target{
			{Name: "a", Collector: ca, Interval: time.Second, Timeout: 5 * time.Second, FailLimit: 3},
			{Name: "b", Collector: cb, Interval: time.Second, Timeout: 5 * time.Second, FailLimit: 3},
		})
		close(done)
	}()
	defer func() { cancel(); <-done }()
	waitState := func(host string, want entity.HostState) entity.HostStatus {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if st, ok := s.HostStatus(host); ok && st.State == want {
				return st
			}
			time.Sleep(20 * time.Millisecond)
		}
		st, _ := s.HostStatus(host)
		t.Fatalf("host %s: state %s (%s), want %s", host, st.State, st.LastError, want)
		return st
	}
	waitState("a", entity.StateOK)
	waitState("b", entity.StateOK)

	a.Stop()
	mu.Lock()
	bBefore := okPolls["b"]
	mu.Unlock()
	st := waitState("a", entity.StateUnreachable)
	if st.Failures < 3 || (st.ErrorKind != entity.KindRefused && st.ErrorKind != entity.KindProtocol && st.ErrorKind != entity.KindUnknown) {
		t.Errorf("unreachable a: %+v", st)
	}
	if bst, _ := s.HostStatus("b"); bst.State != entity.StateOK {
		t.Errorf("b is %s while a is down: %s", bst.State, bst.LastError)
	}
	// b goes on being polled, successfully, while a stays down.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		bDuring := okPolls["b"] - bBefore
		mu.Unlock()
		if bDuring >= 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("b was polled %d times in 30 s while a was down", bDuring)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if ast, _ := s.HostStatus("a"); ast.State != entity.StateUnreachable {
		t.Errorf("a is %s while its sshd is down", ast.State)
	}
	if bst, _ := s.HostStatus("b"); bst.State != entity.StateOK || bst.Failures != 0 {
		t.Errorf("b is %s (%d failures) while a is down", bst.State, bst.Failures)
	}

	a.Start()
	waitState("a", entity.StateOK)
}
