// Package wecom posts to a WeCom (企业微信) group robot: the alert as a
// markdown message coloured with <font color="info|comment|warning">, a
// text message that @-mentions people for a critical alert (WeCom's
// mentions exist only on text messages), and the chart as an image
// message (base64 and md5 of the raw bytes, at most 2 MB: a larger chart
// is re-encoded or scaled down by notifier/imagefit, never sent oversize).
//
// The contract is WeCom's "群机器人配置说明": success is errcode 0 in the
// JSON body, whatever the HTTP status; -1 (busy) and 45009 (20 messages a
// minute per robot) are retried; 93000 (invalid webhook URL, robot
// removed) and the other codes are permanent.
package wecom

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"lookout/notifier"
	"lookout/notifier/imagefit"
	"lookout/notifier/internal/httpx"
	"lookout/notifier/render"
)

// Limits from WeCom's documentation.
const (
	MarkdownLimit = 4096            // bytes of markdown.content
	TextLimit     = 2048            // bytes of text.content
	ImageLimit    = 2 * 1024 * 1024 // bytes of a raw image
)

// Config is a WeCom robot as its settings page shows it.
type Config struct {
	Name string
	// Webhook is the robot's URL as pasted:
	// https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY
	Webhook string
	// Mentions are user IDs ("@all" for everyone) and MentionMobiles
	// phone numbers to @-mention on critical alerts.
	Mentions       []string
	MentionMobiles []string
	// MaxImages is how many charts a message may carry (default 1; each
	// is one request of the robot's 20 a minute).
	MaxImages int
	Render    render.Options
	Client    *http.Client
}

// Channel is a WeCom group robot.
type Channel struct {
	cfg    Config
	url    string
	redact notifier.Redactor
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	u, err := url.Parse(c.Webhook)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("wecom: webhook: expected the robot's URL, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...")
	}
	key := u.Query().Get("key")
	if key == "" {
		return nil, errors.New("wecom: webhook: the URL has no key=... (copy the whole webhook address from the robot's settings)")
	}
	if c.MaxImages == 0 {
		c.MaxImages = 1
	}
	return &Channel{cfg: c, url: c.Webhook, redact: notifier.NewRedactor(key, url.QueryEscape(key))}, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

// RateLimits are WeCom's 20 messages a minute per robot.
func (c *Channel) RateLimits() []notifier.Limit {
	return []notifier.Limit{{N: 20, Per: time.Minute}}
}

// Parts is the number of requests m takes.
func (c *Channel) Parts(m *notifier.Message) int { return len(c.payloads(m, false)) }

func (c *Channel) mention(m *notifier.Message) bool {
	return m.Kind == notifier.KindAlert && !m.Resolved() && m.Severity() == notifier.Critical &&
		len(c.cfg.Mentions)+len(c.cfg.MentionMobiles) > 0
}

// payloads builds the requests of m; with images false, image bodies are
// left empty (for counting).
func (c *Channel) payloads(m *notifier.Message, images bool) []any {
	doc := render.Build(m, c.cfg.Render)
	out := []any{map[string]any{"msgtype": "markdown",
		"markdown": map[string]string{"content": render.WeComMarkdown(doc, MarkdownLimit)}}}
	if c.mention(m) {
		text := map[string]any{"content": render.Text(render.Doc{Title: doc.Title, Lang: doc.Lang}, TextLimit/3)}
		if len(c.cfg.Mentions) > 0 {
			text["mentioned_list"] = c.cfg.Mentions
		}
		if len(c.cfg.MentionMobiles) > 0 {
			text["mentioned_mobile_list"] = c.cfg.MentionMobiles
		}
		out = append(out, map[string]any{"msgtype": "text", "text": text})
	}
	imgs := m.Images()
	for _, img := range imgs[:min(len(imgs), c.cfg.MaxImages)] {
		if !images {
			out = append(out, nil)
			continue
		}
		out = append(out, img)
	}
	return out
}

func imagePayload(img []byte) (any, error) {
	b, _, err := imagefit.Fit(img, ImageLimit)
	if err != nil {
		return nil, err
	}
	sum := md5.Sum(b)
	return map[string]any{"msgtype": "image", "image": map[string]string{
		"base64": base64.StdEncoding.EncodeToString(b), "md5": hex.EncodeToString(sum[:])}}, nil
}

// Send posts m's parts that WeCom has not accepted yet.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	ctx = notifier.RedactReplies(ctx, c.redact)
	parts := c.payloads(m, true)
	for i := m.PartsSent; i < len(parts); i++ {
		p := parts[i]
		if img, ok := p.([]byte); ok {
			var err error
			if p, err = imagePayload(img); err != nil {
				// A chart that cannot be sent must not hold the text back.
				m.PartsSent++
				continue
			}
		}
		if retry, err := c.post(ctx, p); err != nil {
			return retry, c.redact.Error(err)
		}
		m.PartsSent++
	}
	return false, nil
}

func (c *Channel) post(ctx context.Context, payload any) (bool, error) {
	r, retry, err := httpx.PostJSON(ctx, c.cfg.Client, "wecom", c.url, payload)
	if err != nil {
		return retry, err
	}
	return check(r)
}

// check decides success from the body.
func check(r *httpx.Reply) (bool, error) {
	code, msg, ok := httpx.Errcode(r)
	if !ok {
		if r.Status == http.StatusOK {
			return true, &notifier.ServiceError{Service: "wecom", Status: r.Status, Msg: "unexpected reply: " + httpx.Snippet(r.Body)}
		}
		return httpx.RetryableStatus(r.Status), &notifier.ServiceError{Service: "wecom", Status: r.Status, Msg: httpx.Snippet(r.Body)}
	}
	if code == 0 {
		return false, nil
	}
	e := &notifier.ServiceError{Service: "wecom", Code: strconv.Itoa(code), Msg: msg}
	if r.Status != http.StatusOK {
		e.Status = r.Status
	}
	return Retryable(code), e
}

// Retryable reports whether a WeCom errcode may succeed later: -1 (system
// busy) and 45009 (rate limit).
func Retryable(code int) bool { return code == -1 || code == 45009 }

var _ notifier.Parter = (*Channel)(nil)
var _ notifier.Limiter = (*Channel)(nil)
