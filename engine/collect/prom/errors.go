package prom

import (
	"context"
	"errors"
	"net"
	"net/url"
	"syscall"

	"lookout/entity"

	"lookout/engine"
)

// classify wraps a transport error in an engine.PollError of the right
// kind, without the URL's password.
func classify(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = redact(ue.URL)
	}
	kind := entity.KindUnknown
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		kind = entity.KindTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		kind = entity.KindRefused
	}
	return &engine.PollError{Kind: kind, Err: err}
}

// redact hides the password of a URL with user info (basic auth in the
// configured address) so that it never reaches a log or the window.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
