// Package dingtalk posts to a DingTalk (钉钉) custom robot: a markdown
// message (title and text), signed when the robot has a signing secret
// (timestamp in milliseconds and sign in the query string), with the
// robot's keyword always in the text, and @-mentions of mobiles or user
// IDs for critical alerts. Every message carries msgUuid, the message's
// outbox ID, so that DingTalk drops a retry of a message it already has.
//
// Custom robots cannot upload images, so charts are not sent here.
// Success is errcode 0 in the body; -1, 130101 and 410100 (too fast) are
// retried; 310000 (keyword, signature, time stamp or IP check), 400101
// (no such token) and the others are permanent.
package dingtalk

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
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

// TextLimit is the most markdown text sent, in bytes. DingTalk documents
// no limit; community clients split at about 4000 characters.
const TextLimit = 4000

// Config is a DingTalk robot as its settings page shows it.
type Config struct {
	Name string
	// Webhook is the robot's URL as pasted:
	// https://oapi.dingtalk.com/robot/send?access_token=TOKEN
	Webhook string
	// Secret is the signing secret ("SEC..."), when the robot signs.
	Secret string
	// Keyword is one of the robot's custom keywords, when it has them.
	Keyword string
	// Mobiles and UserIDs are @-mentioned on critical alerts; AtAll
	// mentions everyone.
	Mobiles []string
	UserIDs []string
	AtAll   bool
	Render  render.Options
	Client  *http.Client
	// Now is the clock for signatures (time.Now when nil).
	Now func() time.Time
}

// Channel is a DingTalk custom robot.
type Channel struct {
	cfg    Config
	redact notifier.Redactor
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	u, err := url.Parse(c.Webhook)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("dingtalk: webhook: expected the robot's URL, https://oapi.dingtalk.com/robot/send?access_token=...")
	}
	tok := u.Query().Get("access_token")
	if tok == "" {
		return nil, errors.New("dingtalk: webhook: the URL has no access_token=... (copy the whole webhook address)")
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Channel{cfg: c, redact: notifier.NewRedactor(tok, c.Secret, url.QueryEscape(c.Secret))}, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

// RateLimits are DingTalk's 20 messages a minute per robot (going over it
// silences the robot for 10 minutes).
func (c *Channel) RateLimits() []notifier.Limit {
	return []notifier.Limit{{N: 20, Per: time.Minute}}
}

// Sign returns DingTalk's signature of timestamp (ms) with secret, not yet
// URL-encoded: base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).
func Sign(timestampMS int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestampMS, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func (c *Channel) url() string {
	if c.cfg.Secret == "" {
		return c.cfg.Webhook
	}
	ts := c.cfg.Now().UnixMilli()
	sep := "&"
	if !strings.Contains(c.cfg.Webhook, "?") {
		sep = "?"
	}
	return c.cfg.Webhook + sep + "timestamp=" + strconv.FormatInt(ts, 10) + "&sign=" + url.QueryEscape(Sign(ts, c.cfg.Secret))
}

// Payload is the request body for m.
func (c *Channel) Payload(m *notifier.Message) map[string]any {
	doc := render.Build(m, c.cfg.Render)
	mention := m.Kind == notifier.KindAlert && !m.Resolved() && m.Severity() == notifier.Critical
	var extra []string
	if mention {
		for _, p := range c.cfg.Mobiles {
			extra = append(extra, "@"+p)
		}
		for _, u := range c.cfg.UserIDs {
			extra = append(extra, "@"+u)
		}
	}
	// The keyword and the mentions go at the end; the limit leaves room
	// for them.
	tail := strings.Join(extra, " ")
	kw := c.cfg.Keyword
	if kw != "" && strings.Contains(doc.Title, kw) {
		kw = ""
	}
	room := TextLimit - len(tail) - len(kw) - 4
	text := render.DingTalkMarkdown(doc, room)
	if kw != "" && !strings.Contains(text, kw) {
		text += "\n\n" + kw
	}
	if tail != "" {
		text += "\n\n" + tail
	}
	title := doc.Title
	p := map[string]any{
		"msgtype":  "markdown",
		"markdown": map[string]string{"title": title, "text": text},
		"msgUuid":  m.ID,
	}
	if mention && (len(c.cfg.Mobiles)+len(c.cfg.UserIDs) > 0 || c.cfg.AtAll) {
		at := map[string]any{"isAtAll": c.cfg.AtAll}
		if len(c.cfg.Mobiles) > 0 {
			at["atMobiles"] = c.cfg.Mobiles
		}
		if len(c.cfg.UserIDs) > 0 {
			at["atUserIds"] = c.cfg.UserIDs
		}
		p["at"] = at
	}
	return p
}

// Send posts m.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	ctx = notifier.RedactReplies(ctx, c.redact)
	r, retry, err := httpx.PostJSON(ctx, c.cfg.Client, "dingtalk", c.url(), c.Payload(m))
	if err != nil {
		return retry, c.redact.Error(err)
	}
	retry, err = check(r)
	return retry, c.redact.Error(err)
}

func check(r *httpx.Reply) (bool, error) {
	code, msg, ok := httpx.Errcode(r)
	if !ok {
		if r.Status == http.StatusOK {
			return true, &notifier.ServiceError{Service: "dingtalk", Status: r.Status, Msg: "unexpected reply: " + httpx.Snippet(r.Body)}
		}
		return httpx.RetryableStatus(r.Status), &notifier.ServiceError{Service: "dingtalk", Status: r.Status, Msg: httpx.Snippet(r.Body)}
	}
	if code == 0 {
		return false, nil
	}
	e := &notifier.ServiceError{Service: "dingtalk", Code: strconv.Itoa(code), Msg: msg}
	if r.Status != http.StatusOK {
		e.Status = r.Status
	}
	return Retryable(code), e
}

// Retryable reports whether a DingTalk errcode may succeed later: -1
// (busy), 130101 and 410100 (sending too fast).
func Retryable(code int) bool { return code == -1 || code == 130101 || code == 410100 }
