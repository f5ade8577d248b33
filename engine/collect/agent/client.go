package agent

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"lookout/entity"

	"unicode/utf8"

	"lookout/engine"
)

// Options configure a Collector of an agent.
type Options struct {
	// Name is the host's name in snapshots (the agent's own host name is
	// replaced by it).
	Name string
	// URL is the agent's base URL, "https://host:port" (or http://).
	URL string
	// Token is the bearer token. It never appears in errors or logs.
	Token string
	// CAFile is a PEM file of certificates to trust for an https agent
	// (a self-signed agent certificate); empty means the system's roots.
	CAFile string
	// Keywords and Required are passed to the agent (count= and
	// require=): process keywords to count and names that must run.
	Keywords, Required []string
	// MaxBody caps the response size (default 32 MiB).
	MaxBody int64
	// Transport replaces the HTTP transport (tests).
	Transport http.RoundTripper
	// Now is Lookout's clock (default time.Now); snapshots are dated by it.
	Now func() time.Time
}

// Collector polls one agent. Its HTTP connection is kept alive between
// polls.
type Collector struct {
	opt    Options
	url    string // the snapshot URL with its query
	shown  string // the URL for errors, without credentials
	client *http.Client
}

// New returns a collector for the agent at opt.URL.
func New(opt Options) (*Collector, error) {
	u, err := url.Parse(opt.URL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the URL, which may hold a password
		}
		return nil, fmt.Errorf("agent url: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("agent url %s: want http(s)://host:port", u.Redacted())
	}
	if opt.Token == "" {
		return nil, errors.New("agent: no token (set token_file or token)")
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 32 << 20
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + SnapshotPath
	q := url.Values{}
	if len(opt.Keywords) > 0 {
		q.Set("count", strings.Join(opt.Keywords, ","))
	}
	if len(opt.Required) > 0 {
		q.Set("require", strings.Join(opt.Required, ","))
	}
	u.RawQuery = q.Encode()
	rt := opt.Transport
	if rt == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 2
		tr.ResponseHeaderTimeout = 0 // the poll's context bounds it
		if opt.CAFile != "" {
			pem, err := os.ReadFile(opt.CAFile)
			if err != nil {
				return nil, fmt.Errorf("agent ca_file: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("agent ca_file %s: no PEM certificate in it", opt.CAFile)
			}
			tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		}
		rt = tr
	}
	return &Collector{opt: opt, url: u.String(), shown: u.Redacted(),
		client: &http.Client{Transport: rt, CheckRedirect: func(*http.Request, []*http.Request) error {
			return errors.New("the agent answered with a redirect; Lookout does not follow them (the token would go along)")
		}}}, nil
}

// Collect fetches one snapshot.
func (c *Collector) Collect(ctx context.Context) (entity.Snapshot, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		return entity.Snapshot{}, err
	}
	req.Header.Set("Authorization", "Bearer "+c.opt.Token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "lookout")
	resp, err := c.client.Do(req)
	if err != nil {
		return entity.Snapshot{}, c.classify(ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opt.MaxBody+1))
	if err != nil {
		return entity.Snapshot{}, c.protocol("reading the response after %d bytes: %v", len(body), c.classify(ctx, err))
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return entity.Snapshot{}, &engine.PollError{Kind: entity.KindAuth,
			Err: fmt.Errorf("agent %s rejected the token (%s)", c.shown, resp.Status)}
	case resp.StatusCode != http.StatusOK:
		return entity.Snapshot{}, c.protocol("%s: %s", resp.Status, excerpt(body))
	case int64(len(body)) > c.opt.MaxBody:
		return entity.Snapshot{}, c.protocol("response larger than %d bytes", c.opt.MaxBody)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return entity.Snapshot{}, c.protocol("Content-Type %q, want application/json (is this a Lookout agent?): %s", ct, excerpt(body))
	}
	s, err := DecodeSnapshot(body)
	if err != nil {
		return entity.Snapshot{}, c.protocol("%v", err)
	}
	s.Host = c.opt.Name
	// Every successful poll is one sample, dated on Lookout's clock when
	// the reply arrived, like the failed polls' gaps and every other
	// collector's snapshots. The agent's own time is not used: a reply the
	// agent served again from its cache (another poller came just before)
	// carries the previous time, and stores keyed by time would drop it;
	// an agent whose clock is off would misplace its samples.
	s.Time = c.opt.Now().UTC().Truncate(time.Millisecond)
	return s, nil
}

// DecodeSnapshot decodes a snapshot, with errors that say what is wrong
// with the JSON: truncated, not JSON, or not a snapshot.
func DecodeSnapshot(body []byte) (entity.Snapshot, error) {
	var s entity.Snapshot
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return s, errors.New("empty response instead of snapshot JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	err := dec.Decode(&s)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return s, fmt.Errorf("truncated snapshot JSON: it ends after %d bytes", len(trimmed))
	case errors.As(err, &syn):
		return s, fmt.Errorf("invalid snapshot JSON at byte %d: %v (starts %s)", syn.Offset, syn, excerpt(trimmed))
	case errors.As(err, &typ):
		return s, fmt.Errorf("not a snapshot: field %q holds a JSON %s, want %s", typ.Field, typ.Value, typ.Type)
	case err != nil:
		return s, fmt.Errorf("invalid snapshot JSON: %w", err)
	}
	if dec.More() {
		return s, fmt.Errorf("invalid snapshot JSON: data after the snapshot at byte %d", dec.InputOffset())
	}
	if s.Time.IsZero() {
		return s, errors.New("not a snapshot: no time in it")
	}
	return s, nil
}

func (c *Collector) protocol(format string, args ...any) error {
	return &engine.PollError{Kind: entity.KindProtocol, Err: fmt.Errorf("agent %s: "+format, append([]any{c.shown}, args...)...)}
}

// classify turns transport errors into poll errors of the right kind. The
// URL in url.Error is replaced by the redacted one.
func (c *Collector) classify(ctx context.Context, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	var cert *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return &engine.PollError{Kind: entity.KindRefused, Err: fmt.Errorf("agent %s: connection refused", c.shown)}
	case ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()):
		return &engine.PollError{Kind: entity.KindTimeout, Err: fmt.Errorf("agent %s: timed out", c.shown)}
	case errors.As(err, &cert), errors.As(err, &unknown), errors.As(err, &host):
		return &engine.PollError{Kind: entity.KindUntrusted, Err: fmt.Errorf("agent %s: TLS certificate not trusted (set ca_file): %w", c.shown, err)}
	}
	return fmt.Errorf("agent %s: %w", c.shown, err)
}

// excerpt returns the start of a body, quoted, for error messages.
func excerpt(b []byte) string {
	const n = 80
	if len(b) > n {
		b = b[:n]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
		return fmt.Sprintf("%q...", b)
	}
	return fmt.Sprintf("%q", b)
}

var _ engine.Collector = (*Collector)(nil)

// CloseIdle closes kept-alive connections.
func (c *Collector) CloseIdle() { c.client.CloseIdleConnections() }
