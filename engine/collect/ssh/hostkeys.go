package ssh

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"lookout/entity"

	"github.com/skeema/knownhosts"
	"golang.org/x/crypto/ssh"
	xknownhosts "golang.org/x/crypto/ssh/knownhosts"

	"lookout/engine"
)

// DefaultKnownHostsFiles returns ~/.ssh/known_hosts and the trust file.
func DefaultKnownHostsFiles(trustFile string) []string {
	home, _ := os.UserHomeDir()
	return []string{filepath.Join(home, ".ssh", "known_hosts"), trustFile}
}

// Fingerprint returns a key's SHA256 fingerprint as ssh-keygen -l prints
// it ("SHA256:...").
func Fingerprint(k ssh.PublicKey) string { return ssh.FingerprintSHA256(k) }

// hostKeyDB is the known_hosts files, read afresh for every connection so
// that keys trusted by another process (lookout trust) count at once.
type hostKeyDB struct {
	db *knownhosts.HostKeyDB // nil when no file exists
}

func loadHostKeyDB(files []string) (*hostKeyDB, error) {
	var exist []string
	for _, f := range files {
		if f == "" {
			continue
		}
		if _, err := os.Stat(f); err == nil {
			exist = append(exist, f)
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("known_hosts: %w", err)
		}
	}
	if len(exist) == 0 {
		return &hostKeyDB{}, nil
	}
	db, err := knownhosts.NewDB(exist...)
	if err != nil {
		return nil, fmt.Errorf("known_hosts: %w", err)
	}
	return &hostKeyDB{db: db}, nil
}

// stamp summarises the files' sizes and modification times, so that a
// collector waiting out a host-key error retries as soon as they change.
func stamp(files []string) string {
	var b strings.Builder
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			fmt.Fprintf(&b, "%s:%d:%d;", f, st.Size(), st.ModTime().UnixNano())
		}
	}
	return b.String()
}

// algorithms returns the host key algorithms known for addr, so that the
// server is asked for the key type known_hosts holds (golang/go#29286).
func (h *hostKeyDB) algorithms(addr string) []string {
	if h.db == nil {
		return nil
	}
	return h.db.HostKeyAlgorithms(addr)
}

// check verifies key for hostname (host:port) and classifies the result.
func (h *hostKeyDB) check(name, hostname string, remote net.Addr, key ssh.PublicKey) error {
	if h.db == nil {
		return untrusted(name, hostname, key)
	}
	err := h.db.HostKeyCallback()(hostname, remote, key)
	switch {
	case err == nil:
		return nil
	case knownhosts.IsHostUnknown(err):
		return untrusted(name, hostname, key)
	case knownhosts.IsHostKeyChanged(err):
		var ke *xknownhosts.KeyError
		errors.As(err, &ke)
		var where []string
		for _, w := range ke.Want {
			where = append(where, fmt.Sprintf("%s:%d (%s %s)", w.Filename, w.Line, w.Key.Type(), Fingerprint(w.Key)))
		}
		return &engine.PollError{Kind: entity.KindKeyChanged, Err: &HostKeyError{
			Host: hostname, Key: key, Changed: true, KnownAt: where,
			msg: fmt.Sprintf("host key changed for %s: the server now offers %s %s, known_hosts has %s; refusing to connect (if the change is expected, remove the old line and run: lookout trust %s)",
				hostname, key.Type(), Fingerprint(key), strings.Join(where, ", "), shellWord(name))}}
	default:
		return &engine.PollError{Kind: entity.KindProtocol, Err: fmt.Errorf("known_hosts check for %s: %w", hostname, err)}
	}
}

func untrusted(name, hostname string, key ssh.PublicKey) error {
	return &engine.PollError{Kind: entity.KindUntrusted, Err: &HostKeyError{Host: hostname, Key: key,
		msg: fmt.Sprintf("host key not trusted: %s offers %s %s (check it, then run: lookout trust %s)",
			hostname, key.Type(), Fingerprint(key), shellWord(name))}}
}

// shellWord quotes a host name for a command line the user may copy.
func shellWord(s string) string {
	if strings.ContainsAny(s, " \t'\"") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// HostKeyError reports a host key that is not trusted or that changed.
type HostKeyError struct {
	Host    string        // host:port as dialed
	Key     ssh.PublicKey // the key the server offered
	Changed bool          // known_hosts holds another key for the host
	KnownAt []string      // the known_hosts lines of the old key ("file:line (type fp)")
	msg     string
}

func (e *HostKeyError) Error() string { return e.msg }

// HostKey describes the key a server offers, for `lookout trust`.
type HostKey struct {
	Host        string // the known_hosts name: host, or [host]:port
	Addr        string // host:port dialed
	Key         ssh.PublicKey
	Type        string
	Fingerprint string
	// Trusted: a known_hosts file already has this key. Changed: it has
	// another one (KnownAt says where).
	Trusted, Changed bool
	KnownAt          []string
}

// errScanned stops the handshake once the host key is seen.
var errScanned = errors.New("host key scanned")

// ScanHostKey connects to the host (through its jump hosts, which must be
// trusted already), reads the key it offers and disconnects before
// authenticating.
func (c *Collector) ScanHostKey(ctx context.Context) (HostKey, error) {
	ep, hops, err := c.endpoints()
	if err != nil {
		return HostKey{}, err
	}
	var via *ssh.Client
	var jumps []*ssh.Client
	defer func() {
		for i := len(jumps) - 1; i >= 0; i-- {
			jumps[i].Close()
		}
	}()
	for _, hop := range hops {
		cl, err := c.handshake(ctx, via, hop)
		if err != nil {
			return HostKey{}, fmt.Errorf("jump host %s: %w", hop, err)
		}
		jumps = append(jumps, cl)
		via = cl
	}
	conn, err := c.dialTCP(ctx, via, ep.Addr())
	if err != nil {
		return HostKey{}, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	hk := HostKey{Addr: ep.Addr(), Host: knownhosts.Normalize(ep.Addr())}
	db, err := loadHostKeyDB(c.knownHosts)
	if err != nil {
		return hk, err
	}
	cfg := &ssh.ClientConfig{User: ep.User, HostKeyAlgorithms: db.algorithms(ep.Addr()),
		HostKeyCallback: func(hostname string, remote net.Addr, key ssh.PublicKey) error {
			hk.Key, hk.Type, hk.Fingerprint = key, key.Type(), Fingerprint(key)
			err := db.check(c.opt.Name, hostname, remote, key)
			var he *HostKeyError
			switch {
			case err == nil:
				hk.Trusted = true
			case errors.As(err, &he):
				hk.Changed, hk.KnownAt = he.Changed, he.KnownAt
			default:
				return err
			}
			return errScanned
		}}
	_, _, _, err = ssh.NewClientConn(conn, ep.Addr(), cfg)
	if hk.Key == nil {
		if ctx.Err() != nil {
			return hk, timeoutErr(ep, ctx.Err())
		}
		return hk, fmt.Errorf("ssh handshake with %s: %w", ep.Addr(), err)
	}
	return hk, nil
}

// Trust scans the host key and, when confirm approves its fingerprint,
// records it in the trust file. A key that is already trusted is reported
// and not written again; a changed key is refused, never replaced: the old
// line has to be removed by hand first.
func (c *Collector) Trust(ctx context.Context, confirm func(HostKey) bool) (HostKey, error) {
	hk, err := c.ScanHostKey(ctx)
	if err != nil {
		return hk, err
	}
	switch {
	case hk.Trusted:
		return hk, nil
	case hk.Changed:
		return hk, fmt.Errorf("host key changed for %s: the server now offers %s %s, known_hosts has %s; Lookout never replaces a key: if the change is expected, remove that line first",
			hk.Host, hk.Type, hk.Fingerprint, strings.Join(hk.KnownAt, ", "))
	}
	if confirm != nil && !confirm(hk) {
		return hk, ErrNotConfirmed
	}
	if err := RecordHostKey(c.trustFile, hk.Addr, hk.Key); err != nil {
		return hk, err
	}
	hk.Trusted = true
	c.mu.Lock()
	c.nextDial = c.now() // try again at once
	c.mu.Unlock()
	return hk, nil
}

// ErrNotConfirmed is returned by Trust when the user declined.
var ErrNotConfirmed = errors.New("not trusted: not confirmed")

// RecordHostKey appends a known_hosts line for addr (host:port) and key to
// file, creating it (mode 0600, directory 0700) when needed.
func RecordHostKey(file, addr string, key ssh.PublicKey) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return fmt.Errorf("trust: %w", err)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("trust: %w", err)
	}
	line := knownhosts.Line([]string{addr}, key) + "\n"
	if _, err := f.WriteString(line); err != nil {
		f.Close()
		return fmt.Errorf("trust: %s: %w", file, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("trust: %s: %w", file, err)
	}
	return nil
}
