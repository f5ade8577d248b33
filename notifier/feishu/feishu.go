// Package feishu posts to a Feishu (飞书) or Lark custom bot: an
// interactive card whose header is coloured by severity and whose body is
// lark_md, signed when the bot has a signature secret. The signature is
// not DingTalk's: the timestamp is in seconds, both go in the JSON body,
// and the HMAC key is "timestamp\nsecret" over an empty message.
//
// Success is code 0 (or, in older replies, StatusCode 0) in the body;
// 11232 (too frequent) and 5xx are retried; 9499 (bad request), 19001
// (bad token), 19021 (signature), 19022 (IP) and 19024 (keyword) are
// permanent. The body must stay under 20 KB. Custom bots cannot upload
// images, so charts are not sent.
package feishu

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
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

// BodyLimit is the most lark_md content sent, leaving room in the 20 KB
// request for the card's structure.
const BodyLimit = 18000

// Config is a Feishu or Lark custom bot.
type Config struct {
	Name string
	// Webhook is the bot's URL as pasted:
	// https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN
	Webhook string
	Secret  string
	Keyword string
	// Mentions are open_ids to @ on critical alerts; MentionAll @s all.
	Mentions   []string
	MentionAll bool
	Render     render.Options
	Client     *http.Client
	Now        func() time.Time
}

// Channel is a Feishu/Lark custom bot.
type Channel struct {
	cfg    Config
	redact notifier.Redactor
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	u, err := url.Parse(c.Webhook)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !strings.Contains(u.Path, "/hook/") {
		return nil, errors.New("feishu: webhook: expected the bot's URL, https://open.feishu.cn/open-apis/bot/v2/hook/...")
	}
	tok := u.Path[strings.LastIndex(u.Path, "/")+1:]
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Channel{cfg: c, redact: notifier.NewRedactor(tok, c.Secret)}, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

// RateLimits are Feishu's 100 requests a minute and 5 a second per bot.
func (c *Channel) RateLimits() []notifier.Limit {
	return []notifier.Limit{{N: 100, Per: time.Minute}, {N: 5, Per: time.Second}}
}

// Sign returns Feishu's signature: base64(HMAC-SHA256(key = timestamp +
// "\n" + secret, message = empty)).
func Sign(timestamp int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(strconv.FormatInt(timestamp, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Payload is the request body of m.
func (c *Channel) Payload(m *notifier.Message) map[string]any {
	doc := render.Build(m, c.cfg.Render)
	var tail []string
	if m.Kind == notifier.KindAlert && !m.Resolved() && m.Severity() == notifier.Critical {
		if c.cfg.MentionAll {
			tail = append(tail, "<at id=all></at>")
		}
		for _, id := range c.cfg.Mentions {
			tail = append(tail, "<at id="+id+"></at>")
		}
	}
	title := doc.Title
	if c.cfg.Keyword != "" && !strings.Contains(title, c.cfg.Keyword) {
		title = c.cfg.Keyword + " " + title
	}
	extra := strings.Join(tail, " ")
	body := render.LarkMarkdown(doc, BodyLimit-len(extra))
	if extra != "" {
		body += "\n" + extra
	}
	p := map[string]any{
		"msg_type": "interactive",
		"card": map[string]any{
			"config": map[string]any{"wide_screen_mode": true},
			"header": map[string]any{"title": map[string]string{"tag": "plain_text", "content": title},
				"template": render.LarkTemplate(doc.Level)},
			"elements": []any{map[string]any{"tag": "div", "text": map[string]string{"tag": "lark_md", "content": body}}},
		},
	}
	if c.cfg.Secret != "" {
		ts := c.cfg.Now().Unix()
		p["timestamp"] = strconv.FormatInt(ts, 10)
		p["sign"] = Sign(ts, c.cfg.Secret)
	}
	return p
}

// Send posts m.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	ctx = notifier.RedactReplies(ctx, c.redact)
	r, retry, err := httpx.PostJSON(ctx, c.cfg.Client, "feishu", c.cfg.Webhook, c.Payload(m))
	if err != nil {
		return retry, c.redact.Error(err)
	}
	retry, err = check(r)
	return retry, c.redact.Error(err)
}

func check(r *httpx.Reply) (bool, error) {
	var body struct {
		Code          *int   `json:"code"`
		Msg           string `json:"msg"`
		StatusCode    *int   `json:"StatusCode"`
		StatusMessage string `json:"StatusMessage"`
	}
	if json.Unmarshal(r.Body, &body) != nil || (body.Code == nil && body.StatusCode == nil) {
		return httpx.RetryableStatus(r.Status) || r.Status == http.StatusOK,
			&notifier.ServiceError{Service: "feishu", Status: r.Status, Msg: httpx.Snippet(r.Body)}
	}
	code, msg := 0, body.Msg
	if body.Code != nil {
		code = *body.Code
	} else {
		code, msg = *body.StatusCode, body.StatusMessage
	}
	if code == 0 && r.Status/100 == 2 {
		return false, nil
	}
	e := &notifier.ServiceError{Service: "feishu", Code: strconv.Itoa(code), Msg: msg}
	if r.Status != http.StatusOK {
		e.Status = r.Status
	}
	return code == 11232 || httpx.RetryableStatus(r.Status), e
}
