package containers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrNotRunning is wrapped by Stats' error when the engine sends no
// figures: the container stopped after it was listed (Podman answers with
// an empty body, Docker with zeroes).
var ErrNotRunning = errors.New("container not running")

// ErrNotFound is wrapped by a Client's errors when the engine answers 404
// (a container removed between the list and its stats).
var ErrNotFound = errors.New("no such container")

// Client speaks the Engine API (Docker's, or Podman's Docker-compatible
// one) over a unix socket. It is safe for concurrent use.
type Client struct {
	socket string
	http   *http.Client
}

// NewClient returns a client of the engine listening on the unix socket
// at path. Requests carry no timeout of their own: give each call a
// context with a deadline.
func NewClient(path string) *Client {
	return NewClientDial(path, func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	})
}

// Dialer opens one connection to an engine's socket.
type Dialer func(ctx context.Context) (net.Conn, error)

// NewClientDial returns a client that reaches the engine through dial;
// name (the socket path) is used in errors. Over SSH, dial is the SSH
// connection's streamlocal forward to the remote socket:
//
//	func(ctx context.Context) (net.Conn, error) { return sshClient.DialContext(ctx, "unix", "/var/run/docker.sock") }
//
// (OpenSSH allows it unless AllowStreamLocalForwarding is off, and the
// remote user needs access to the socket, as for the docker CLI).
func NewClientDial(name string, dial Dialer) *Client {
	tr := &http.Transport{
		DialContext:            func(ctx context.Context, _, _ string) (net.Conn, error) { return dial(ctx) },
		Proxy:                  nil,
		MaxIdleConns:           Concurrency,
		MaxIdleConnsPerHost:    Concurrency,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		DisableCompression:     true,
	}
	return &Client{socket: name, http: &http.Client{Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Socket returns the socket path the client dials.
func (c *Client) Socket() string { return c.socket }

// Close drops the client's idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// get fetches path (with query) and returns at most limit bytes of a 200
// answer; a longer body is an error, not a truncated document.
func (c *Client) get(ctx context.Context, path string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://engine"+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("engine %s: %w", c.socket, err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if n := resp.ContentLength; n > 0 && n <= limit {
		buf.Grow(int(n) + bytes.MinRead) // one allocation instead of doubling
	}
	_, err = buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	b := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("engine %s: GET %s: %w", c.socket, path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("engine %s: GET %s: answer longer than %d bytes", c.socket, path, limit)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, fmt.Errorf("engine %s: GET %s: %w", c.socket, path, ErrNotFound)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("engine %s: GET %s: %s: %s", c.socket, path, resp.Status, engineMessage(b))
	}
	return b, nil
}

// engineMessage pulls the "message" of an Engine API error body.
func engineMessage(b []byte) string {
	var m struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(b, &m) == nil && m.Message != "" {
		return clean(m.Message)
	}
	return clean(strings.TrimSpace(string(b)))
}

// List returns all containers, running or not.
func (c *Client) List(ctx context.Context) ([]Summary, error) {
	b, err := c.get(ctx, "/containers/json?all=1", MaxListBytes)
	if err != nil {
		return nil, err
	}
	return ParseList(b)
}

// Inspect returns one container's restarts, state and exit code.
func (c *Client) Inspect(ctx context.Context, id string) (Inspect, error) {
	if !ValidID(id) {
		return Inspect{}, fmt.Errorf("container ID %q is not 64 hex digits", clean(id))
	}
	b, err := c.get(ctx, "/containers/"+url.PathEscape(id)+"/json", MaxItemBytes)
	if err != nil {
		return Inspect{}, err
	}
	return ParseInspect(b)
}

// Stats returns one container's counters, without the engine's one- to
// two-second sampling (one-shot).
func (c *Client) Stats(ctx context.Context, id string) (Stats, error) {
	if !ValidID(id) {
		return Stats{}, fmt.Errorf("container ID %q is not 64 hex digits", clean(id))
	}
	b, err := c.get(ctx, "/containers/"+url.PathEscape(id)+"/stats?stream=false&one-shot=true", MaxItemBytes)
	if err != nil {
		return Stats{}, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return Stats{}, fmt.Errorf("container %s: %w", id[:12], ErrNotRunning)
	}
	s, err := ParseStats(b)
	if err == nil && s.Read.IsZero() {
		return Stats{}, fmt.Errorf("container %s: %w", id[:12], ErrNotRunning)
	}
	return s, err
}

// Engine names the engine behind the socket, "docker" or "podman", from
// GET /version.
func (c *Client) Engine(ctx context.Context) (string, error) {
	b, err := c.get(ctx, "/version", MaxItemBytes)
	if err != nil {
		return "", err
	}
	return ParseVersion(b)
}

// ParseVersion names the engine of a GET /version body: "podman" when a
// component is Podman's, else "docker".
func ParseVersion(b []byte) (string, error) {
	var v struct {
		Components []struct {
			Name string `json:"Name"`
		} `json:"Components"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return "", fmt.Errorf("engine version: %w", err)
	}
	for _, c := range v.Components {
		if strings.Contains(strings.ToLower(c.Name), "podman") {
			return "podman", nil
		}
	}
	return "docker", nil
}
