// Package httpx holds the HTTP plumbing the robot channels share: a
// request that never leaks its URL into an error, a bounded body read, and
// the classification of transport failures and statuses as retryable or
// not.
package httpx

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
	"strconv"
	"strings"
	"time"

	"lookout/notifier"
)

// MaxBody is the most of a reply that is read.
const MaxBody = 1 << 20

// Reply is a service's answer.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// String is the reply as `lookout notify-test` prints it.
func (r *Reply) String() string {
	return fmt.Sprintf("HTTP %d %s", r.Status, strings.TrimSpace(string(r.Body)))
}

// DefaultClient is the client channels use unless given one: the
// environment's proxy, no redirects (a robot URL that redirects is wrong,
// and following it could carry the key elsewhere).
var DefaultClient = &http.Client{
	Transport: http.DefaultTransport,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// Do sends req with client (DefaultClient when nil). A transport failure
// is returned as a *notifier.ServiceError for service with no status and
// the URL removed; whether it is retryable is the second result.
func Do(ctx context.Context, client *http.Client, service string, req *http.Request) (*Reply, bool, error) {
	if client == nil {
		client = DefaultClient
	}
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		return nil, Retryable(err), &notifier.ServiceError{Service: service, Msg: Describe(err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	if err != nil {
		return nil, true, &notifier.ServiceError{Service: service, Status: resp.StatusCode, Msg: "reading the reply: " + Describe(err)}
	}
	r := &Reply{Status: resp.StatusCode, Header: resp.Header, Body: body}
	notifier.Reply(ctx, r.String())
	return r, false, nil
}

// PostJSON posts v as JSON to u.
func PostJSON(ctx context.Context, client *http.Client, service, u string, v any) (*Reply, bool, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", service, err)
	}
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(b))
	if err != nil {
		return nil, false, &notifier.ServiceError{Service: service, Msg: "bad URL"}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	return Do(ctx, client, service, req)
}

// Describe says what went wrong in a transport error without the URL
// (which holds the robot's key).
func Describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out waiting for the service"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out waiting for the service"
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		// "dial tcp 127.0.0.1:9: connect: connection refused": the
		// address is the service's host, not secret.
		return oe.Error()
	}
	return err.Error()
}

// Retryable reports whether a transport error may go away by itself
// (time-outs, refused or reset connections, DNS failures). A certificate
// the system does not trust will not.
func Retryable(err error) bool {
	var ce *tls.CertificateVerificationError
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	if errors.As(err, &ce) || errors.As(err, &ue) || errors.As(err, &he) {
		return false
	}
	return true
}

// RetryableStatus reports whether an HTTP status is worth retrying: 5xx,
// 429 (too many requests) and 408 (request time-out).
func RetryableStatus(status int) bool {
	return status >= 500 || status == http.StatusTooManyRequests || status == http.StatusRequestTimeout
}

// RetryAfterHeader reads a Retry-After header in seconds (or an HTTP
// date), 0 when absent.
func RetryAfterHeader(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// Snippet is the start of a reply body for an error message.
func Snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}

// ErrcodeReply is the reply shape of WeCom, DingTalk and WeChat: success
// is errcode 0, decided from the body, never from the HTTP status.
type ErrcodeReply struct {
	Errcode *int   `json:"errcode"`
	Errmsg  string `json:"errmsg"`
}

// Errcode decodes r as an ErrcodeReply. ok is false when the body is not
// such JSON (a proxy's HTML page, say).
func Errcode(r *Reply) (code int, msg string, ok bool) {
	var e ErrcodeReply
	if json.Unmarshal(r.Body, &e) != nil || e.Errcode == nil {
		return 0, "", false
	}
	return *e.Errcode, e.Errmsg, true
}
