package ssh

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"lookout/entity"
	"lookout/internal/paths"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"lookout/engine"
)

// Options configure a Collector.
type Options struct {
	// Name is the host's name in snapshots, errors and `lookout trust NAME`.
	Name string
	// Target is "[user@]host[:port]" or an alias from ~/.ssh/config.
	Target string
	// IdentityFiles are private keys to offer, before those of
	// ~/.ssh/config and the defaults (~/.ssh/id_ed25519, id_ecdsa, id_rsa).
	// Keys with a passphrase must be in ssh-agent instead.
	IdentityFiles []string
	// AgentSocket is ssh-agent's socket; "" means $SSH_AUTH_SOCK, "none"
	// uses no agent.
	AgentSocket string
	// TrustFile is Lookout's own known_hosts file, where Trust records
	// keys (default paths.Dirs.TrustFile).
	TrustFile string
	// KnownHostsFiles are checked for host keys; nil means
	// ~/.ssh/known_hosts and TrustFile.
	KnownHostsFiles []string
	// SSHConfigFiles are read for aliases; nil means ~/.ssh/config and
	// /etc/ssh/ssh_config (%ProgramData%\ssh\ssh_config on Windows), an
	// empty non-nil slice none.
	SSHConfigFiles []string
	// DialTimeout bounds the login: connecting (through any jump hosts),
	// the handshake, authentication and InfoScript (default 20 s, or the
	// poll's deadline when that is longer). The
	// login is not charged to the poll's deadline: a poll that has to log
	// in first gets its whole deadline for Script after the login, and only
	// the caller cancelling the poll (not its deadline) ends the login
	// early. Polls are serialised, so a host never has two logins at once.
	DialTimeout time.Duration
	// Logins, when set, bounds the logins under way at once across the
	// collectors sharing it; a login waits for its turn before it starts
	// (and before DialTimeout starts counting).
	Logins *Logins
	// KeepAlive is the interval of keepalive@openssh.com requests; a
	// connection that does not answer one within the interval is dropped
	// (default 15 s).
	KeepAlive time.Duration
	// BackoffMin and BackoffMax bound the wait between reconnection
	// attempts, which doubles after each failure and is jittered
	// (defaults 1 s and 2 min).
	BackoffMin, BackoffMax time.Duration
	// MaxOutput caps the bytes one poll may print (default 16 MiB).
	MaxOutput int
	// DfMaxAge is how old the persistent reader's last df output may be
	// before a poll runs df again (default 30 s); the reader also runs it
	// whenever the remote's mounts change.
	DfMaxAge time.Duration
	// Filter chooses the filesystems, interfaces and processes reported.
	Filter Filter
	Log    *slog.Logger
	// Now is the clock (tests).
	Now func() time.Time
}

// Collector polls one host over SSH. It is safe for concurrent use; polls
// are serialised.
type Collector struct {
	opt        Options
	trustFile  string
	knownHosts []string
	configs    sshConfigs
	builder    *Builder
	log        *slog.Logger
	now        func() time.Time

	poll sync.Mutex // one poll at a time

	mu       sync.Mutex
	conn     *conn
	failures int       // failed connection attempts in a row
	nextDial time.Time // no new connection before this
	lastErr  error
	dialed   *conn  // the connection the current poll logged in with
	errStamp string // known_hosts stamp when a host-key error happened
	closed   bool
}

// conn is one live connection and the jump hosts under it.
type conn struct {
	client *ssh.Client
	jumps  []*ssh.Client
	shell  *shell // nil until the first poll, or after a failed one
	// noReader: the remote cannot run ReaderProgram (no awk, or it timed
	// out twice without ever answering); polls write Script. readerOK: a
	// reader reply arrived on this connection; readerMisses counts timed-
	// out polls before one did. Atomic: a shell being opened by a poll
	// that gave up may still set noReader.
	noReader, readerOK atomic.Bool
	readerMisses       atomic.Int32
	// df is the last df output the reader printed, at dfAt; polls in
	// between reuse it while the mounts stay the same.
	df   []byte
	dfAt time.Time
	done chan struct{}
	once sync.Once
}

func (c *conn) close() {
	c.once.Do(func() {
		close(c.done)
		c.client.Close()
		for i := len(c.jumps) - 1; i >= 0; i-- {
			c.jumps[i].Close()
		}
	})
}

// New returns a collector. It does not connect until the first Collect.
// ~/.ssh/config is read here; an unreadable one is an error.
func New(opt Options) (*Collector, error) {
	if opt.Target == "" {
		return nil, errors.New("ssh: no target")
	}
	if opt.Name == "" {
		opt.Name = opt.Target
	}
	if opt.TrustFile == "" {
		opt.TrustFile = paths.MustResolve().TrustFile()
	}
	kh := opt.KnownHostsFiles
	if kh == nil {
		kh = DefaultKnownHostsFiles(opt.TrustFile)
	}
	cfgFiles := opt.SSHConfigFiles
	if cfgFiles == nil {
		home, _ := os.UserHomeDir()
		cfgFiles = []string{filepath.Join(home, ".ssh", "config"), systemSSHConfig()}
	}
	cs, err := loadSSHConfigs(cfgFiles)
	if err != nil {
		return nil, fmt.Errorf("ssh config: %w", err)
	}
	if _, err := resolve(opt.Target, cs); err != nil {
		return nil, err
	}
	if opt.DialTimeout <= 0 {
		opt.DialTimeout = 20 * time.Second
	}
	if opt.KeepAlive <= 0 {
		opt.KeepAlive = 15 * time.Second
	}
	if opt.BackoffMin <= 0 {
		opt.BackoffMin = time.Second
	}
	if opt.BackoffMax < opt.BackoffMin {
		opt.BackoffMax = max(2*time.Minute, opt.BackoffMin)
	}
	if opt.MaxOutput <= 0 {
		opt.MaxOutput = 16 << 20
	}
	if opt.DfMaxAge <= 0 {
		opt.DfMaxAge = 30 * time.Second
	}
	if opt.Filter.TopN == 0 {
		opt.Filter.TopN = 5
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Collector{opt: opt, trustFile: opt.TrustFile, knownHosts: kh, configs: cs,
		builder: NewBuilder(opt.Name, opt.Filter), now: opt.Now,
		log: opt.Log.With("host", opt.Name, "collector", "ssh")}, nil
}

// TrustFile returns the known_hosts file Trust writes to.
func (c *Collector) TrustFile() string { return c.trustFile }

// Name returns the host's name.
func (c *Collector) Name() string { return c.opt.Name }

// Endpoint returns user@host:port after ~/.ssh/config.
func (c *Collector) Endpoint() string {
	ep, _, err := c.endpoints()
	if err != nil {
		return c.opt.Target
	}
	return ep.String()
}

// Close drops the connection. Collect after Close fails.
func (c *Collector) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.conn != nil {
		c.conn.close()
		c.conn = nil
	}
	return nil
}

// Collect runs Script once and returns the snapshot. It connects first
// when there is no connection, unless the back-off after failed attempts
// is still running, in which case it fails at once with the last error.
func (c *Collector) Collect(ctx context.Context) (entity.Snapshot, error) {
	c.poll.Lock()
	defer c.poll.Unlock()
	dl, hasDeadline := ctx.Deadline()
	budget := time.Until(dl)
	cn, dialed, err := c.connection(ctx)
	if err != nil {
		return entity.Snapshot{}, err
	}
	if dialed && hasDeadline {
		// The login was not the poll's: Script gets the poll's whole budget.
		var cancel context.CancelFunc
		ctx, cancel = withoutDeadline(ctx)
		defer cancel()
		ctx, cancel = context.WithTimeout(ctx, budget)
		defer cancel()
	}
	// Decided here, not in run's goroutine, which may outlive a poll that
	// gave up while the next one updates cn.df.
	req := requestPoll
	if cn.df == nil || c.now().Sub(cn.dfAt) >= c.opt.DfMaxAge {
		req = requestPollDf
	}
	var reader bool
	out, err := c.run(ctx, cn, func(sh *shell) ([]byte, error) {
		if reader = sh.reader; !reader {
			return sh.exec(Script, c.opt.MaxOutput)
		}
		out, err := sh.exec(req, c.opt.MaxOutput)
		if err == nil {
			cn.readerOK.Store(true)
		}
		return out, err
	})
	if err != nil {
		if engine.KindOf(err) == entity.KindTimeout && !cn.readerOK.Load() && !cn.noReader.Load() &&
			cn.readerMisses.Add(1) >= 2 {
			// A reader that never answered twice (an awk that waits for
			// more input than a request; once could be a slow first df):
			// the next shell writes Script.
			cn.noReader.Store(true)
			c.log.Info("the persistent reader never answered; polling with one-shot commands on this connection")
		}
		return entity.Snapshot{}, err
	}
	parsed, err := ParseOutput(out)
	if err == nil && reader {
		err = c.cachedDf(cn, &parsed)
	}
	if err == nil {
		err = usable(parsed)
	}
	if err != nil {
		return entity.Snapshot{}, &engine.PollError{Kind: entity.KindProtocol, Err: fmt.Errorf("%s: %w", c.opt.Name, err)}
	}
	snap := c.builder.Build(parsed, c.now())
	if !reader {
		snap.SetError("reader", errOneShot)
	}
	return snap, nil
}

// errOneShot is the "reader" part's error of a host polled without the
// persistent reader.
var errOneShot = errors.New("no persistent reader (the remote has no awk, or it did not answer): each poll starts grep and df on the server")

// cachedDf fills in the df output the reader left out (mounts unchanged,
// df younger than DfMaxAge) from the last one, and keeps a new one.
func (c *Collector) cachedDf(cn *conn, o *Output) error {
	if o.DfCached {
		if cn.df == nil {
			return errors.New("the reader left df out before it ever printed it")
		}
		o.Df = cn.df
		return nil
	}
	cn.df, cn.dfAt = bytes.Clone(o.Df), c.now()
	return nil
}

// withoutDeadline returns a context that ignores ctx's deadline but ends
// when ctx is cancelled.
func withoutDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	out, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		if errors.Is(ctx.Err(), context.Canceled) {
			cancel()
		}
	})
	return out, func() { stop(); cancel() }
}

// connection returns the live connection or makes one; dialed is true when
// it logged in.
func (c *Collector) connection(ctx context.Context) (cn *conn, dialed bool, err error) {
	cn, err = c.connect(ctx)
	return cn, cn != nil && err == nil && c.justDialed(cn), err
}

func (c *Collector) justDialed(cn *conn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.dialed == cn
	c.dialed = nil
	return d
}

func (c *Collector) connect(ctx context.Context) (*conn, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errors.New("ssh: collector closed")
	}
	if c.conn != nil {
		select {
		case <-c.conn.done:
			c.conn = nil
		default:
			cn := c.conn
			c.mu.Unlock()
			return cn, nil
		}
	}
	now := c.now()
	if now.Before(c.nextDial) && c.lastErr != nil {
		retry := c.errStamp != "" && stamp(c.knownHosts) != c.errStamp
		if !retry {
			err := c.lastErr
			wait := c.nextDial.Sub(now).Round(100 * time.Millisecond)
			c.mu.Unlock()
			return nil, &engine.PollError{Kind: engine.KindOf(err), Err: fmt.Errorf("%w (next attempt in %s)", err, wait)}
		}
	}
	c.mu.Unlock()

	if err := c.opt.Logins.acquire(ctx); err != nil {
		return nil, err
	}
	cn, err := c.dial(ctx)
	c.opt.Logins.release()

	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil && errors.Is(ctx.Err(), context.Canceled) {
		return nil, err // the caller gave up: not the host's fault
	}
	if err != nil {
		c.failures++
		c.lastErr = err
		c.nextDial = c.now().Add(c.backoff(c.failures))
		c.errStamp = ""
		if k := engine.KindOf(err); k == entity.KindUntrusted || k == entity.KindKeyChanged {
			c.errStamp = stamp(c.knownHosts)
		}
		c.log.Debug("connect failed", "err", err, "failures", c.failures)
		return nil, err
	}
	if c.closed {
		cn.close()
		return nil, errors.New("ssh: collector closed")
	}
	if c.failures > 0 {
		c.log.Info("connected", "after_failures", c.failures)
	}
	c.failures, c.lastErr, c.conn, c.dialed = 0, nil, cn, cn
	go c.keepAlive(cn)
	return cn, nil
}

// backoff returns the wait after n failures in a row: BackoffMin doubled
// n-1 times, capped at BackoffMax, with "equal jitter" (half fixed, half
// random) so that a fleet that lost its network does not reconnect in
// lockstep.
func (c *Collector) backoff(n int) time.Duration {
	d := c.opt.BackoffMin
	for i := 1; i < n && d < c.opt.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, c.opt.BackoffMax)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// keepAlive sends keepalive@openssh.com every KeepAlive and drops the
// connection when one is not answered in time, so that the next poll
// reconnects instead of waiting on a dead TCP stream.
func (c *Collector) keepAlive(cn *conn) {
	t := time.NewTicker(c.opt.KeepAlive)
	defer t.Stop()
	for {
		select {
		case <-cn.done:
			return
		case <-t.C:
		}
		reply := make(chan error, 1)
		go func() {
			_, _, err := cn.client.SendRequest("keepalive@openssh.com", true, nil)
			reply <- err
		}()
		select {
		case <-cn.done:
			return
		case err := <-reply:
			if err != nil {
				c.log.Info("keepalive failed, dropping the connection", "err", err)
				cn.close()
				return
			}
		case <-time.After(c.opt.KeepAlive):
			c.log.Info("keepalive not answered, dropping the connection")
			cn.close()
			return
		}
	}
}

// endpoints resolves the target and its jump hosts.
func (c *Collector) endpoints() (endpoint, []endpoint, error) {
	ep, err := resolve(c.opt.Target, c.configs)
	if err != nil {
		return ep, nil, err
	}
	var hops []endpoint
	for _, j := range ep.ProxyJump {
		h, err := resolve(j, c.configs)
		if err != nil {
			return ep, nil, fmt.Errorf("ProxyJump %s: %w", j, err)
		}
		hops = append(hops, h)
	}
	return ep, hops, nil
}

// dial connects through the jump hosts, checks the host key,
// authenticates and reads the host's fixed facts (InfoScript).
func (c *Collector) dial(ctx context.Context) (*conn, error) {
	// The login has its own deadline: DialTimeout, or the poll's when the
	// caller gives more (lookout hosts --timeout 30s).
	limit := c.opt.DialTimeout
	if dl, ok := ctx.Deadline(); ok {
		limit = max(limit, time.Until(dl))
	}
	ctx, stop := withoutDeadline(ctx)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	ep, hops, err := c.endpoints()
	if err != nil {
		return nil, err
	}
	cn := &conn{done: make(chan struct{})}
	var via *ssh.Client
	for _, hop := range hops {
		cl, err := c.handshake(ctx, via, hop)
		if err != nil {
			for _, j := range cn.jumps {
				j.Close()
			}
			return nil, wrapKind(fmt.Errorf("jump host %s: %w", hop, err))
		}
		cn.jumps = append(cn.jumps, cl)
		via = cl
	}
	cl, err := c.handshake(ctx, via, ep)
	if err != nil {
		for _, j := range cn.jumps {
			j.Close()
		}
		return nil, err
	}
	cn.client = cl
	go func() {
		cl.Wait()
		cn.close()
	}()
	if _, err := c.run(ctx, cn, nil); err != nil {
		cn.close()
		return nil, err
	}
	info, err := ParseInfo(cn.shell.info)
	if err != nil {
		cn.close()
		return nil, &engine.PollError{Kind: entity.KindProtocol, Err: fmt.Errorf("%s: %w", ep, err)}
	}
	c.builder.Info = info
	return cn, nil
}

// wrapKind keeps the kind of the error it wraps.
func wrapKind(err error) error {
	if k := engine.KindOf(err); k != entity.KindUnknown {
		return &engine.PollError{Kind: k, Err: err}
	}
	return err
}

func (c *Collector) dialTCP(ctx context.Context, via *ssh.Client, addr string) (net.Conn, error) {
	var nc net.Conn
	var err error
	if via != nil {
		nc, err = via.DialContext(ctx, "tcp", addr)
	} else {
		d := net.Dialer{KeepAlive: 30 * time.Second}
		nc, err = d.DialContext(ctx, "tcp", addr)
	}
	if err == nil {
		return nc, nil
	}
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return nil, &engine.PollError{Kind: entity.KindRefused, Err: fmt.Errorf("connect to %s: connection refused", addr)}
	case ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()):
		return nil, &engine.PollError{Kind: entity.KindTimeout, Err: fmt.Errorf("connect to %s: timed out", addr)}
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return nil, &engine.PollError{Kind: entity.KindTimeout, Err: fmt.Errorf("connect to %s: %w", addr, err)}
	}
	return nil, fmt.Errorf("connect to %s: %w", addr, err)
}

func timeoutErr(ep endpoint, err error) error {
	return &engine.PollError{Kind: entity.KindTimeout, Err: fmt.Errorf("%s: %w", ep.Addr(), err)}
}

// handshake dials ep (through via when set), checks its host key and
// authenticates.
func (c *Collector) handshake(ctx context.Context, via *ssh.Client, ep endpoint) (*ssh.Client, error) {
	nc, err := c.dialTCP(ctx, via, ep.Addr())
	if err != nil {
		return nil, err
	}
	db, err := loadHostKeyDB(c.knownHosts)
	if err != nil {
		nc.Close()
		return nil, err
	}
	auth, tried, cleanup := c.authMethods(ep)
	defer cleanup()
	var keyErr error
	cfg := &ssh.ClientConfig{
		User: ep.User, Auth: auth, HostKeyAlgorithms: db.algorithms(ep.Addr()),
		HostKeyCallback: func(hostname string, remote net.Addr, key ssh.PublicKey) error {
			keyErr = db.check(c.opt.Name, hostname, remote, key)
			return keyErr
		},
	}
	// The handshake has no context: closing the socket ends it.
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	sc, chans, reqs, err := ssh.NewClientConn(nc, ep.Addr(), cfg)
	if !stop() {
		if sc != nil {
			sc.Close()
		}
		nc.Close()
		if keyErr != nil {
			return nil, keyErr
		}
		return nil, timeoutErr(ep, ctx.Err())
	}
	if err != nil {
		nc.Close()
		switch {
		case keyErr != nil:
			return nil, keyErr
		case strings.Contains(err.Error(), "unable to authenticate"):
			return nil, &engine.PollError{Kind: entity.KindAuth, Err: fmt.Errorf("authentication failed for %s (offered: %s)", ep, tried)}
		case errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET):
			return nil, &engine.PollError{Kind: entity.KindRefused, Err: fmt.Errorf("ssh handshake with %s: the server closed the connection", ep.Addr())}
		}
		return nil, &engine.PollError{Kind: entity.KindProtocol, Err: fmt.Errorf("ssh handshake with %s: %w", ep.Addr(), err)}
	}
	return ssh.NewClient(sc, chans, reqs), nil
}

// authMethods returns public-key authentication with the keys of
// ssh-agent and of the identity files, a description of what is offered
// (for errors: file names and key types, never key material), and a
// cleanup that closes the agent connection.
func (c *Collector) authMethods(ep endpoint) ([]ssh.AuthMethod, string, func()) {
	var signers []ssh.Signer
	var tried []string
	cleanup := func() {}
	sock := c.opt.AgentSocket
	if sock == "" {
		sock = os.Getenv("SSH_AUTH_SOCK")
	}
	if sock != "" && sock != "none" {
		if ac, err := net.Dial("unix", sock); err != nil {
			c.log.Debug("ssh-agent unavailable", "err", err)
		} else {
			cleanup = func() { ac.Close() }
			if ss, err := agent.NewClient(ac).Signers(); err == nil && len(ss) > 0 {
				signers = append(signers, ss...)
				tried = append(tried, fmt.Sprintf("%d ssh-agent keys", len(ss)))
			}
		}
	}
	files := append(append([]string{}, c.opt.IdentityFiles...), ep.Identities...)
	explicit := len(files) > 0
	if !explicit {
		home, _ := os.UserHomeDir()
		for _, n := range []string{"id_ed25519", "id_ecdsa", "id_rsa"} {
			files = append(files, filepath.Join(home, ".ssh", n))
		}
	}
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f] {
			continue
		}
		seen[f] = true
		s, err := loadSigner(f)
		switch {
		case err == nil:
			signers = append(signers, s)
			tried = append(tried, f+" ("+s.PublicKey().Type()+")")
		case errors.Is(err, os.ErrNotExist) && !explicit:
		default:
			tried = append(tried, f+": "+err.Error())
			c.log.Warn("identity file unusable", "file", f, "err", err)
		}
	}
	if len(tried) == 0 {
		tried = append(tried, "no keys: no ssh-agent and no identity file")
	}
	return []ssh.AuthMethod{ssh.PublicKeys(signers...)}, strings.Join(tried, ", "), cleanup
}

func loadSigner(file string) (ssh.Signer, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	s, err := ssh.ParsePrivateKey(b)
	var pm *ssh.PassphraseMissingError
	if errors.As(err, &pm) {
		return nil, errors.New("has a passphrase: add it to ssh-agent")
	}
	if err != nil {
		return nil, fmt.Errorf("not a private key: %w", err)
	}
	return s, nil
}

// shell is the remote /bin/sh of one connection. It first runs
// InfoScript, then becomes the persistent reader (ReaderProgram) where the
// remote has awk: each poll writes a one-letter request and reads up to
// the "@@end" line. Without awk each poll writes Script instead.
type shell struct {
	sess   *ssh.Session
	stdin  io.WriteCloser
	out    *bufio.Reader
	info   []byte // InfoScript's output
	reader bool   // ReaderProgram is running
}

// openShell starts the remote shell, runs InfoScript in it and starts the
// reader. started is called as soon as the remote command runs, so that a
// caller giving up can kill it while the login shell is still busy. The
// caller holds c.poll.
func (c *Collector) openShell(cn *conn, started func(*shell)) (*shell, error) {
	sess, err := cn.client.NewSession()
	if err != nil {
		return nil, err
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		sess.Close()
		return nil, err
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		sess.Close()
		return nil, err
	}
	sess.Stderr = io.Discard
	if err := sess.Start(ShellCommand); err != nil {
		sess.Close()
		return nil, err
	}
	sh := &shell{sess: sess, stdin: stdin, out: bufio.NewReaderSize(stdout, 64<<10)}
	started(sh)
	if sh.info, err = sh.exec(InfoScript, maxPreambleBytes); err != nil {
		return sh, err
	}
	if cn.noReader.Load() {
		return sh, nil
	}
	switch err := sh.startReader(); {
	case errors.Is(err, errNoReader):
		cn.noReader.Store(true)
		c.log.Info("no persistent reader: the remote has no awk; each poll starts grep and df")
	case err != nil:
		return sh, err
	}
	return sh, nil
}

// exec writes script (a command line, or a request to the reader) to the
// shell and returns what it printed up to and including the "@@end" line.
// Lines longer than maxLine and output beyond maxOut are errors.
func (sh *shell) exec(script string, maxOut int) ([]byte, error) {
	if _, err := io.WriteString(sh.stdin, script+"\n"); err != nil {
		return nil, err
	}
	var out []byte
	for {
		line, err := readLine(sh.out, min(maxLine, maxOut))
		out = append(out, line...)
		if len(out) > maxOut {
			return nil, fmt.Errorf("output larger than %d bytes", maxOut)
		}
		switch {
		case err != nil:
			return out, err
		case string(line) == "@@end\n":
			return out, nil
		}
	}
}

// close ends the remote command with the session: SIGKILL to its process
// group first (sshd's "signal" request: a login shell still busy in its rc
// file, a hung df), so that nothing is left running on the server, then
// the channel is closed, which also ends the reader's input.
func (sh *shell) close() {
	sh.sess.Signal(ssh.SIGKILL)
	sh.sess.Close()
}

// run makes sure the connection has its shell (starting it when needed)
// and calls do with it (nil: only start it). A failed or timed-out poll
// closes the shell, whose stream is no longer in step; a connection that
// cannot even start one is dropped. When ctx ends first the error is a
// timeout.
func (c *Collector) run(ctx context.Context, cn *conn, do func(*shell) ([]byte, error)) ([]byte, error) {
	type result struct {
		out []byte
		err error
	}
	ch := make(chan result, 1)
	var mu sync.Mutex
	sh := cn.shell
	abandoned := false
	go func() {
		mu.Lock()
		s := sh
		mu.Unlock()
		if s == nil {
			var err error
			s, err = c.openShell(cn, func(s *shell) {
				mu.Lock()
				sh = s
				gone := abandoned
				mu.Unlock()
				if gone {
					s.close()
				}
			})
			if err != nil {
				ch <- result{nil, err}
				return
			}
		}
		if do == nil {
			ch <- result{}
			return
		}
		out, err := do(s)
		ch <- result{out, err}
	}()
	select {
	case r := <-ch:
		mu.Lock()
		s := sh
		mu.Unlock()
		if r.err == nil {
			cn.shell = s
			return r.out, nil
		}
		if s == nil { // no session: the connection is broken
			cn.close()
			return nil, fmt.Errorf("%s: remote shell: %w", c.opt.Name, r.err)
		}
		s.close()
		cn.shell = nil
		if errors.Is(r.err, io.EOF) {
			return nil, &engine.PollError{Kind: entity.KindProtocol, Err: fmt.Errorf("%s: the remote shell ended (output so far: %q)", c.opt.Name, truncate(r.out))}
		}
		return nil, &engine.PollError{Kind: entity.KindProtocol, Err: fmt.Errorf("%s: remote shell: %w", c.opt.Name, r.err)}
	case <-ctx.Done():
		// A slow poll only costs the shell (killed with its session); a
		// connection that could not even open a session is dropped
		// (keepalives would find it dead later anyway).
		mu.Lock()
		abandoned = true
		s := sh
		mu.Unlock()
		if s != nil {
			s.close()
		} else {
			cn.close()
		}
		cn.shell = nil
		return nil, &engine.PollError{Kind: entity.KindTimeout, Err: fmt.Errorf("%s: poll: %w", c.opt.Name, ctx.Err())}
	}
}

// usable refuses output that holds none of the host's figures: without
// grep (or with a /proc that prints nothing) every part would be empty and
// the host would show as ok with every figure 0.
func usable(o Output) error {
	if slices.Contains(o.Missing, "grep") {
		return errors.New("remote has no grep: install grep (Lookout reads /proc with it)")
	}
	for _, f := range []string{"stat", "meminfo", "loadavg"} {
		if len(o.Files[f]) > 0 {
			return nil
		}
	}
	return errors.New("the remote printed none of /proc/stat, /proc/meminfo, /proc/loadavg (is /proc mounted and readable?)")
}
