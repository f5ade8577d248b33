// Package webhook posts every message as JSON to a URL of the user's
// choosing: the generic channel for a home-made bot, an incident tool or
// a script. The payload (Payload, version "1") carries the rendered title
// and plain text as well as the structured alerts or report, so a
// receiver can either show the text or use the figures.
//
// When a secret is configured, the body is signed like GitHub's webhooks:
// X-Lookout-Signature: sha256=<hex HMAC-SHA256 of the body>. Any 2xx is
// success; 5xx, 408 and 429 (honouring Retry-After) are retried; other
// statuses are permanent.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"lookout/notifier"
	"lookout/notifier/internal/httpx"
	"lookout/notifier/render"
)

// Config is a generic webhook.
type Config struct {
	Name string
	URL  string
	// Headers are sent with every request (an Authorization header, say).
	// Their values are treated as secrets.
	Headers map[string]string
	// Secret signs the body (X-Lookout-Signature), when set.
	Secret string
	// Images keeps the PNG charts in the payload (base64); off by default
	// to keep requests small.
	Images bool
	Render render.Options
	Client *http.Client
}

// Payload is the JSON body, version 1.
type Payload struct {
	Version string `json:"version"`
	// ID is the message's stable ID: the same on every retry, so a
	// receiver can drop duplicates.
	ID       string            `json:"id"`
	Kind     notifier.Kind     `json:"kind"`
	Created  time.Time         `json:"created"`
	Title    string            `json:"title"`
	Text     string            `json:"text"`
	Severity notifier.Severity `json:"severity"`
	Resolved bool              `json:"resolved"`
	Alerts   []notifier.Alert  `json:"alerts,omitempty"`
	Report   *notifier.Report  `json:"report,omitempty"`
}

// Channel is a generic JSON webhook.
type Channel struct {
	cfg    Config
	redact notifier.Redactor
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("webhook: url: expected an http(s) URL")
	}
	secrets := []string{c.Secret}
	if p, ok := u.User.Password(); ok {
		secrets = append(secrets, p)
	}
	for _, v := range c.Headers {
		// "Bearer TOKEN": the whole value, and its credential alone.
		secrets = append(secrets, v)
		if f := strings.Fields(v); len(f) > 1 {
			secrets = append(secrets, f[1:]...)
		}
	}
	for _, vs := range u.Query() {
		secrets = append(secrets, vs...)
	}
	return &Channel{cfg: c, redact: notifier.NewRedactor(secrets...)}, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

// Sign returns the X-Lookout-Signature value of body.
func Sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Build returns the payload of m.
func (c *Channel) Build(m *notifier.Message) Payload {
	doc := render.Build(m, c.cfg.Render)
	p := Payload{Version: "1", ID: m.ID, Kind: m.Kind, Created: m.Created, Title: doc.Title,
		Text: render.Body(doc, 0), Severity: m.Severity(), Resolved: m.Resolved(), Alerts: m.Alerts, Report: m.Report}
	if !c.cfg.Images {
		p.Alerts = make([]notifier.Alert, len(m.Alerts))
		for i, a := range m.Alerts {
			a.Chart = nil
			p.Alerts[i] = a
		}
		if m.Report != nil {
			r := *m.Report
			r.Chart, r.Pages = nil, nil
			r.Hosts = make([]notifier.HostReport, len(m.Report.Hosts))
			for i, h := range m.Report.Hosts {
				h.Chart = nil
				r.Hosts[i] = h
			}
			p.Report = &r
		}
	}
	return p
}

// Send posts m.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	ctx = notifier.RedactReplies(ctx, c.redact)
	body, err := json.Marshal(c.Build(m))
	if err != nil {
		return false, err
	}
	req, err := http.NewRequest(http.MethodPost, c.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return false, errors.New("webhook: bad URL")
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "Lookout")
	req.Header.Set("X-Lookout-Message-Id", m.ID)
	for k, v := range c.cfg.Headers {
		req.Header.Set(k, v)
	}
	if c.cfg.Secret != "" {
		req.Header.Set("X-Lookout-Signature", Sign(body, c.cfg.Secret))
	}
	r, retry, err := httpx.Do(ctx, c.cfg.Client, "webhook", req)
	if err != nil {
		return retry, c.redact.Error(err)
	}
	if r.Status/100 == 2 {
		return false, nil
	}
	e := &notifier.ServiceError{Service: "webhook", Status: r.Status, Code: strconv.Itoa(r.Status), Msg: httpx.Snippet(r.Body),
		RetryAfter: httpx.RetryAfterHeader(r.Header, time.Now())}
	return httpx.RetryableStatus(r.Status), c.redact.Error(e)
}
