// Package fake holds strict fake servers of the chat services, on
// 127.0.0.1, for the channels' tests. Each enforces its service's
// contract as written in docs/robot-api (signatures, md5, sizes, field
// names), answers a contract violation the way the service does, decides
// success in the body as the service does, and can be told to answer the
// next requests with any of the service's error codes, a 5xx, a 429, a
// hang, or to stop listening altogether.
package fake

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Reply is a scripted answer to the next request.
type Reply struct {
	// Code is the service's error code (errcode, code, error_code, or the
	// error string for Slack).
	Code string
	// Msg is the service's message for Code (a default when empty).
	Msg string
	// Status is the HTTP status (the service's usual one when 0).
	Status int
	// RetryAfter, for 429 replies.
	RetryAfter time.Duration
	// Hang makes the server never answer (until the client gives up).
	Hang bool
}

// Base is what every fake shares: the listener, the script of forced
// replies, the accepted messages and the contract violations seen.
type Base struct {
	Server *httptest.Server
	mu     sync.Mutex
	script []Reply
	// violations are the reasons requests broke the contract.
	violations []string
	stop       chan struct{}
	stopOnce   sync.Once
}

func newBase(t testing.TB, h http.Handler) *Base {
	b := &Base{stop: make(chan struct{})}
	b.Server = httptest.NewServer(h)
	t.Cleanup(b.Close)
	return b
}

// Close stops the server and releases hanging requests.
func (b *Base) Close() {
	b.stopOnce.Do(func() { close(b.stop) })
	b.Server.Close()
}

// URL is the server's base URL.
func (b *Base) URL() string { return b.Server.URL }

// Script queues replies for the next requests, in order.
func (b *Base) Script(rs ...Reply) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.script = append(b.script, rs...)
}

// next pops the next scripted reply.
func (b *Base) next() (Reply, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.script) == 0 {
		return Reply{}, false
	}
	r := b.script[0]
	b.script = b.script[1:]
	return r, true
}

func (b *Base) violate(reason string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.violations = append(b.violations, reason)
}

// Violations returns the contract violations seen so far.
func (b *Base) Violations() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.violations...)
}

// hang blocks until the client gives up or the server stops.
func (b *Base) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-b.stop:
	}
}

// ClosedURL returns an http URL on 127.0.0.1 where nothing listens.
func ClosedURL(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// window counts requests in a sliding minute, as the services do.
type window struct {
	n     int
	per   time.Duration
	times []time.Time
}

func (w *window) allow(now time.Time) bool {
	cut := now.Add(-w.per)
	i := 0
	for i < len(w.times) && !w.times[i].After(cut) {
		i++
	}
	w.times = w.times[i:]
	if len(w.times) >= w.n {
		return false
	}
	w.times = append(w.times, now)
	return true
}
