// Package slack posts to a Slack incoming webhook with Block Kit: a header
// block with the title, one mrkdwn section per alert or host, and a
// context block with the footer; "text" carries the title as the
// notification fallback. Incoming webhooks cannot upload files, so charts
// are not sent.
//
// Success is HTTP 200 with the body "ok". 429 (honouring Retry-After) and
// 5xx are retried; the other errors (invalid_payload, invalid_token,
// no_service, channel_not_found, channel_is_archived, ...) are permanent.
// Slack allows one message a second per webhook.
package slack

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"lookout/notifier"
	"lookout/notifier/internal/httpx"
	"lookout/notifier/render"
)

// Limits from Slack's Block Kit reference.
const (
	MaxBlocks     = 50
	SectionLimit  = 3000
	HeaderLimit   = 150
	FallbackLimit = 4000
)

// Config is a Slack incoming webhook.
type Config struct {
	Name string
	// Webhook is https://hooks.slack.com/services/T.../B.../SECRET.
	Webhook string
	Render  render.Options
	Client  *http.Client
}

// Channel is a Slack incoming webhook.
type Channel struct {
	cfg    Config
	redact notifier.Redactor
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	u, err := url.Parse(c.Webhook)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("slack: webhook: expected https://hooks.slack.com/services/...")
	}
	return &Channel{cfg: c, redact: notifier.NewRedactor(strings.TrimPrefix(u.Path, "/services/"), u.Path[strings.LastIndex(u.Path, "/")+1:])}, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

// RateLimits is one message a second.
func (c *Channel) RateLimits() []notifier.Limit { return []notifier.Limit{{N: 1, Per: time.Second}} }

func text(t string) map[string]any { return map[string]any{"type": "mrkdwn", "text": t} }

// Payload is the request body of m.
func (c *Channel) Payload(m *notifier.Message) map[string]any {
	doc := render.Build(m, c.cfg.Render)
	title := []rune(render.Mark(doc.Level) + " " + doc.Title)
	if len(title) > HeaderLimit {
		title = append(title[:HeaderLimit-1], '…')
	}
	blocks := []any{map[string]any{"type": "header", "text": map[string]any{"type": "plain_text", "text": string(title), "emoji": true}}}
	items := render.SlackItems(doc, SectionLimit)
	room := MaxBlocks - 3 // header, "more", footer
	for i, it := range items {
		if i == room && len(items) > room {
			blocks = append(blocks, map[string]any{"type": "section", "text": text(doc.Lang.More(len(items) - room))})
			break
		}
		blocks = append(blocks, map[string]any{"type": "section", "text": text(it)})
	}
	if doc.Footer != "" {
		blocks = append(blocks, map[string]any{"type": "context", "elements": []any{text(doc.Footer)}})
	}
	return map[string]any{"text": render.SlackText(render.Doc{Title: doc.Title, Lang: doc.Lang}, FallbackLimit), "blocks": blocks}
}

// Send posts m.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	ctx = notifier.RedactReplies(ctx, c.redact)
	r, retry, err := httpx.PostJSON(ctx, c.cfg.Client, "slack", c.cfg.Webhook, c.Payload(m))
	if err != nil {
		return retry, c.redact.Error(err)
	}
	body := strings.TrimSpace(string(r.Body))
	if r.Status == http.StatusOK && body == "ok" {
		return false, nil
	}
	e := &notifier.ServiceError{Service: "slack", Status: r.Status, Code: httpx.Snippet([]byte(body)),
		RetryAfter: httpx.RetryAfterHeader(r.Header, time.Now())}
	if r.Status == http.StatusOK {
		e.Msg = "unexpected reply"
		return true, c.redact.Error(e)
	}
	return httpx.RetryableStatus(r.Status), c.redact.Error(e)
}
