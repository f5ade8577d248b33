// Package sshdtest runs a real OpenSSH server for tests: sshd on a free
// loopback port with a throwaway host key and one authorised client key,
// all in a temp dir (see /work/shared/testing.md). It needs root (sshd's
// privilege separation) and skips, or fails under make test, without
// sshd.
package sshdtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"lookout/internal/testenv"
)

// Server is a real OpenSSH server on a free loopback port, with a throwaway
// host key and one authorised client key, all in a temp dir.
type Server struct {
	t       testing.TB
	bin     string
	dir     string
	Port    int
	HostKey ssh.PublicKey
	// ClientKey is the private key file accepted by the server.
	ClientKey string
	cmd       *exec.Cmd
	extra     string
}

// newKey writes a new ed25519 private key in OpenSSH format and returns
// its public half.
func NewKey(t testing.TB, file string) ssh.PublicKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	blk, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, pem.EncodeToMemory(blk), 0o600); err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Start starts sshd; extra is appended to its configuration.
func Start(t testing.TB, extra string) *Server {
	t.Helper()
	bin := testenv.Require(t, "sshd")
	if os.Geteuid() != 0 {
		t.Skip("sshd for tests needs root (privilege separation)")
	}
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatal(err)
	}
	d := &Server{t: t, bin: bin, dir: t.TempDir(), Port: FreePort(t), extra: extra}
	d.ClientKey = filepath.Join(d.dir, "id_ed25519")
	cpub := NewKey(t, d.ClientKey)
	if err := os.WriteFile(filepath.Join(d.dir, "authorized_keys"), ssh.MarshalAuthorizedKey(cpub), 0o600); err != nil {
		t.Fatal(err)
	}
	d.NewHostKey()
	d.Start()
	t.Cleanup(d.Stop)
	return d
}

// NewHostKey replaces the host key (takes effect at the next Start).
func (d *Server) NewHostKey() {
	d.HostKey = NewKey(d.t, filepath.Join(d.dir, "host_key"))
}

func (d *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(d.Port)) }

// Target is root@127.0.0.1:PORT (or the current user when not root).
func (d *Server) Target() string { return CurrentUser() + "@" + d.Addr() }

func (d *Server) Start() {
	t := d.t
	t.Helper()
	cfg := fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s
AuthorizedKeysFile %s
PidFile %s
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
MaxStartups 1000
MaxSessions 50
LogLevel ERROR
%s
`, d.Port, filepath.Join(d.dir, "host_key"), filepath.Join(d.dir, "authorized_keys"), filepath.Join(d.dir, "sshd.pid"), d.extra)
	cfgFile := filepath.Join(d.dir, "sshd_config")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	d.cmd = exec.Command(d.bin, "-D", "-e", "-f", cfgFile)
	d.cmd.Stderr = &stderr
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until it accepts connections.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", d.Addr(), time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			d.Stop()
			t.Fatalf("sshd did not start: %v\n%s", err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills sshd and every process under it (the per-connection
// servers outlive the listener otherwise), as a host that went down.
func (d *Server) Stop() {
	if d.cmd == nil || d.cmd.Process == nil {
		return
	}
	killTree(d.cmd.Process.Pid)
	d.cmd.Wait()
	d.cmd = nil
}

// Pids returns sshd's pid and its descendants'.
func (d *Server) Pids() []int {
	if d.cmd == nil {
		return nil
	}
	return append([]int{d.cmd.Process.Pid}, Descendants(d.cmd.Process.Pid)...)
}

func killTree(pid int) {
	for _, p := range Descendants(pid) {
		syscall.Kill(p, syscall.SIGKILL)
	}
	syscall.Kill(pid, syscall.SIGKILL)
}

// Descendants lists the processes below pid, read from /proc.
func Descendants(pid int) []int {
	parent := map[int][]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 2 {
			continue
		}
		pp, _ := strconv.Atoi(f[1])
		parent[pp] = append(parent[pp], n)
	}
	var out []int
	var walk func(int)
	walk = func(p int) {
		for _, c := range parent[p] {
			out = append(out, c)
			walk(c)
		}
	}
	walk(pid)
	return out
}

// CurrentUser is the login name the tests connect as.
func CurrentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return os.Getenv("USER")
}
