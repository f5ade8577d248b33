// Package telegram sends through the Telegram Bot API: sendMessage with
// parse_mode HTML (only &, < and > need escaping, which is far less
// error-prone than MarkdownV2's eighteen characters), then sendPhoto
// (multipart) for each chart, with the title as caption.
//
// The reply is {"ok":true,...} or {"ok":false,"error_code":N,
// "description":...,"parameters":{"retry_after":S}}. 429 (waiting
// retry_after) and 5xx are retried; 400 (bad request, chat not found),
// 401 (bad token), 403 (bot blocked) and 404 are permanent.
package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"lookout/notifier"
	"lookout/notifier/imagefit"
	"lookout/notifier/internal/httpx"
	"lookout/notifier/render"
)

// Limits from the Bot API.
const (
	TextLimit    = 4096
	CaptionLimit = 1024
	PhotoLimit   = 10 << 20
)

// Config is a bot and the chat it writes to.
type Config struct {
	Name  string
	Token string
	// ChatID is a chat's number or "@channelname".
	ChatID string
	// API is the Bot API's base URL (https://api.telegram.org).
	API string
	// MaxImages is how many charts are sent (default 1).
	MaxImages int
	Render    render.Options
	Client    *http.Client
}

// Channel is a Telegram chat.
type Channel struct {
	cfg    Config
	redact notifier.Redactor
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	if c.Token == "" || !strings.Contains(c.Token, ":") {
		return nil, errors.New("telegram: token: expected the bot token from @BotFather (123456:ABC...)")
	}
	if c.ChatID == "" {
		return nil, errors.New("telegram: chat_id is required")
	}
	if c.API == "" {
		c.API = "https://api.telegram.org"
	}
	c.API = strings.TrimRight(c.API, "/")
	if c.MaxImages == 0 {
		c.MaxImages = 1
	}
	return &Channel{cfg: c, redact: notifier.NewRedactor(c.Token)}, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

// RateLimits are a message a second and 20 a minute in a group.
func (c *Channel) RateLimits() []notifier.Limit {
	return []notifier.Limit{{N: 1, Per: time.Second}, {N: 20, Per: time.Minute}}
}

func (c *Channel) images(m *notifier.Message) [][]byte {
	imgs := m.Images()
	return imgs[:min(len(imgs), c.cfg.MaxImages)]
}

// Parts is the text plus one request per chart.
func (c *Channel) Parts(m *notifier.Message) int { return 1 + len(c.images(m)) }

func (c *Channel) method(name string) string { return c.cfg.API + "/bot" + c.cfg.Token + "/" + name }

// Send sends the parts of m not yet accepted.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	ctx = notifier.RedactReplies(ctx, c.redact)
	doc := render.Build(m, c.cfg.Render)
	imgs := c.images(m)
	for i := m.PartsSent; i < 1+len(imgs); i++ {
		var retry bool
		var err error
		if i == 0 {
			retry, err = c.sendMessage(ctx, render.TelegramHTML(doc, TextLimit))
		} else {
			cap := render.TelegramHTML(render.Doc{Title: doc.Title, Lang: doc.Lang}, CaptionLimit)
			retry, err = c.sendPhoto(ctx, imgs[i-1], cap)
		}
		if err != nil {
			return retry, c.redact.Error(err)
		}
		m.PartsSent++
	}
	return false, nil
}

func (c *Channel) sendMessage(ctx context.Context, html string) (bool, error) {
	r, retry, err := httpx.PostJSON(ctx, c.cfg.Client, "telegram", c.method("sendMessage"), map[string]any{
		"chat_id": c.cfg.ChatID, "text": html, "parse_mode": "HTML",
		"link_preview_options": map[string]bool{"is_disabled": true},
	})
	if err != nil {
		return retry, err
	}
	return check(r)
}

func (c *Channel) sendPhoto(ctx context.Context, img []byte, caption string) (bool, error) {
	img, f, err := imagefit.Fit(img, PhotoLimit)
	if err != nil {
		return false, fmt.Errorf("telegram: chart: %w", err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("chat_id", c.cfg.ChatID)
	mw.WriteField("caption", caption)
	mw.WriteField("parse_mode", "HTML")
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="photo"; filename="chart.`+map[imagefit.Format]string{imagefit.PNG: "png", imagefit.JPEG: "jpg"}[f]+`"`)
	h.Set("Content-Type", "image/"+string(f))
	pw, _ := mw.CreatePart(h)
	pw.Write(img)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.method("sendPhoto"), &body)
	if err != nil {
		return false, errors.New("telegram: bad API URL")
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r, retry, err := httpx.Do(ctx, c.cfg.Client, "telegram", req)
	if err != nil {
		return retry, err
	}
	return check(r)
}

func check(r *httpx.Reply) (bool, error) {
	var body struct {
		OK          bool   `json:"ok"`
		ErrorCode   int    `json:"error_code"`
		Description string `json:"description"`
		Parameters  struct {
			RetryAfter      float64 `json:"retry_after"`
			MigrateToChatID int64   `json:"migrate_to_chat_id"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		return httpx.RetryableStatus(r.Status) || r.Status == http.StatusOK,
			&notifier.ServiceError{Service: "telegram", Status: r.Status, Msg: httpx.Snippet(r.Body)}
	}
	if body.OK {
		return false, nil
	}
	e := &notifier.ServiceError{Service: "telegram", Status: r.Status, Code: strconv.Itoa(body.ErrorCode), Msg: body.Description,
		RetryAfter: time.Duration(body.Parameters.RetryAfter * float64(time.Second))}
	if id := body.Parameters.MigrateToChatID; id != 0 {
		e.Msg += fmt.Sprintf(" (the group is now a supergroup: set chat_id = %q)", strconv.FormatInt(id, 10))
	}
	return body.ErrorCode == http.StatusTooManyRequests || httpx.RetryableStatus(r.Status), e
}
