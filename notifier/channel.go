package notifier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Channel is one configured destination: a robot in a group, a mailbox,
// the desktop. Send delivers one message and says whether a failure is
// worth retrying (a time-out, a 5xx, a rate limit) or permanent (a bad
// key, a signature mismatch, content the service refuses). It must never
// put a secret into the error.
type Channel interface {
	// Name is the channel's name from the configuration.
	Name() string
	Send(ctx context.Context, m *Message) (retryable bool, err error)
}

// Limiter is implemented by channels whose service limits how often a
// robot may post; the dispatcher keeps the limit before the service
// enforces it.
type Limiter interface {
	// RateLimits are the service's limits; each is kept.
	RateLimits() []Limit
}

// Parter is implemented by channels that send a message as several
// requests (text, then an image): the limiter counts each request.
type Parter interface {
	// Parts is how many requests m takes.
	Parts(m *Message) int
}

// ServiceError is a delivery the service (or the network) refused, in the
// service's own words. Channels return it wrapped or bare; Msg has every
// secret removed.
type ServiceError struct {
	// Service names the service ("wecom", "smtp").
	Service string
	// Status is the HTTP status or SMTP reply code, 0 when there was no
	// reply.
	Status int
	// Code is the service's error code ("93000", "invalid_token", "429"),
	// "" when it gave none.
	Code string
	// Msg is the service's message.
	Msg string
	// RetryAfter is how long the service asked to wait (Telegram's and
	// Discord's retry_after, Slack's Retry-After), 0 when it did not say.
	RetryAfter time.Duration
}

func (e *ServiceError) Error() string {
	var b strings.Builder
	b.WriteString(e.Service)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.Status)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ": error %s", e.Code)
	}
	if e.Msg != "" {
		b.WriteString(": ")
		b.WriteString(e.Msg)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// RetryAfter returns the wait a ServiceError in err's chain asked for.
func RetryAfter(err error) time.Duration {
	var se *ServiceError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}

// Redactor replaces secrets in text. The zero value redacts nothing.
type Redactor struct{ secrets []string }

// NewRedactor returns a Redactor for the given secrets; empty strings and
// strings shorter than 4 characters (which would mangle ordinary text) are
// ignored. Each secret is also redacted in the forms a service that
// echoes the request may show it in: URL-query and URL-path escaped, and
// escaped inside a JSON string.
func NewRedactor(secrets ...string) Redactor {
	var r Redactor
	return r.With(secrets...)
}

// With returns a Redactor that also redacts secrets.
func (r Redactor) With(secrets ...string) Redactor {
	out := Redactor{secrets: slices.Clone(r.secrets)}
	for _, s := range secrets {
		if len(s) < 4 {
			continue
		}
		for _, v := range []string{s, url.QueryEscape(s), url.PathEscape(s), jsonEscape(s)} {
			if !slices.Contains(out.secrets, v) {
				out.secrets = append(out.secrets, v)
			}
		}
	}
	// Longest first, so that a secret containing another is replaced
	// whole.
	slices.SortStableFunc(out.secrets, func(a, b string) int { return len(b) - len(a) })
	return out
}

// jsonEscape is s as it appears between the quotes of a JSON string
// written by encoding/json (which escapes <, > and &).
func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// String returns s with every secret replaced by "<secret>".
func (r Redactor) String(s string) string {
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, "<secret>")
	}
	return s
}

// Error returns err with its text redacted (nil stays nil). A ServiceError
// in the chain is kept inspectable with errors.As.
func (r Redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	var se *ServiceError
	if errors.As(err, &se) {
		c := *se
		c.Msg = r.String(c.Msg)
		msg := r.String(err.Error())
		return &redacted{msg: msg, se: &c}
	}
	return &redacted{msg: r.String(err.Error())}
}

type redacted struct {
	msg string
	se  *ServiceError
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error {
	if e.se == nil {
		return nil
	}
	return e.se
}
