// Package discord posts to a Discord webhook: one embed coloured by
// severity (title, description in Discord markdown, footer) with the
// chart attached as files[0] and shown as the embed's image. Mentions
// are disabled (allowed_mentions parse: []), so a host or process name
// can never ping anyone.
//
// The webhook is called with wait=true so the reply is the message (200).
// 429 (waiting retry_after from the body or Retry-After) and 5xx are
// retried; 400 (50035 invalid form body, 50006 empty), 401 (50027 bad
// token), 404 (10015 unknown webhook) and 413 are permanent.
package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"lookout/notifier"
	"lookout/notifier/imagefit"
	"lookout/notifier/internal/httpx"
	"lookout/notifier/render"
)

// Limits from Discord's documentation.
const (
	TitleLimit       = 256
	DescriptionLimit = 4096
	FileLimit        = 10 << 20
)

var colors = map[render.Level]int{render.High: 0xd32f2f, render.Mid: 0xf57c00, render.Low: 0x1e88e5, render.Good: 0x2e7d32}

// Config is a Discord webhook.
type Config struct {
	Name string
	// Webhook is https://discord.com/api/webhooks/ID/TOKEN.
	Webhook string
	// MaxImages is how many charts are attached (default 1, at most 10).
	MaxImages int
	Render    render.Options
	Client    *http.Client
}

// Channel is a Discord webhook.
type Channel struct {
	cfg    Config
	redact notifier.Redactor
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	u, err := url.Parse(c.Webhook)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !strings.Contains(u.Path, "/webhooks/") {
		return nil, errors.New("discord: webhook: expected https://discord.com/api/webhooks/ID/TOKEN")
	}
	if c.MaxImages == 0 {
		c.MaxImages = 1
	}
	c.MaxImages = min(c.MaxImages, 10)
	return &Channel{cfg: c, redact: notifier.NewRedactor(u.Path[strings.LastIndex(u.Path, "/")+1:])}, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

func cutRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Payload returns the JSON payload of m and the files to attach.
func (c *Channel) Payload(m *notifier.Message) (map[string]any, [][]byte) {
	doc := render.Build(m, c.cfg.Render)
	embed := map[string]any{
		"title":       cutRunes(doc.Title, TitleLimit),
		"description": render.DiscordDescription(doc, DescriptionLimit),
		"color":       colors[doc.Level],
	}
	if doc.Footer != "" {
		embed["footer"] = map[string]string{"text": doc.Footer}
	}
	imgs := m.Images()
	imgs = imgs[:min(len(imgs), c.cfg.MaxImages)]
	var files [][]byte
	var atts []any
	embeds := []any{embed}
	for i, img := range imgs {
		b, _, err := imagefit.Fit(img, FileLimit)
		if err != nil {
			continue
		}
		name := fmt.Sprintf("chart%d.png", len(files)+1)
		if imagefit.Sniff(b) == imagefit.JPEG {
			name = fmt.Sprintf("chart%d.jpg", len(files)+1)
		}
		atts = append(atts, map[string]any{"id": len(files), "filename": name})
		ref := map[string]string{"url": "attachment://" + name}
		if i == 0 {
			embed["image"] = ref
		} else {
			embeds = append(embeds, map[string]any{"image": ref, "color": colors[doc.Level]})
		}
		files = append(files, b)
	}
	p := map[string]any{"username": "Lookout", "embeds": embeds, "allowed_mentions": map[string]any{"parse": []string{}}}
	if len(atts) > 0 {
		p["attachments"] = atts
	}
	return p, files
}

// Send posts m.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	ctx = notifier.RedactReplies(ctx, c.redact)
	p, files := c.Payload(m)
	js, err := json.Marshal(p)
	if err != nil {
		return false, err
	}
	u := c.cfg.Webhook
	if strings.Contains(u, "?") {
		u += "&wait=true"
	} else {
		u += "?wait=true"
	}
	var req *http.Request
	if len(files) == 0 {
		req, err = http.NewRequest(http.MethodPost, u, bytes.NewReader(js))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	} else {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="payload_json"`)
		h.Set("Content-Type", "application/json")
		pw, _ := mw.CreatePart(h)
		pw.Write(js)
		for i, f := range files {
			name := p["attachments"].([]any)[i].(map[string]any)["filename"].(string)
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files[%d]"; filename="%s"`, i, name))
			h.Set("Content-Type", "image/"+string(imagefit.Sniff(f)))
			fw, _ := mw.CreatePart(h)
			fw.Write(f)
		}
		mw.Close()
		req, err = http.NewRequest(http.MethodPost, u, &body)
		if err == nil {
			req.Header.Set("Content-Type", mw.FormDataContentType())
		}
	}
	if err != nil {
		return false, errors.New("discord: bad webhook URL")
	}
	r, retry, err := httpx.Do(ctx, c.cfg.Client, "discord", req)
	if err != nil {
		return retry, c.redact.Error(err)
	}
	retry, err = check(r)
	return retry, c.redact.Error(err)
}

func check(r *httpx.Reply) (bool, error) {
	if r.Status/100 == 2 {
		return false, nil
	}
	var body struct {
		Message    string  `json:"message"`
		Code       int     `json:"code"`
		RetryAfter float64 `json:"retry_after"`
	}
	json.Unmarshal(r.Body, &body)
	e := &notifier.ServiceError{Service: "discord", Status: r.Status, Msg: body.Message}
	if body.Code != 0 {
		e.Code = strconv.Itoa(body.Code)
	}
	if e.Msg == "" {
		e.Msg = httpx.Snippet(r.Body)
	}
	if body.RetryAfter > 0 {
		e.RetryAfter = time.Duration(body.RetryAfter * float64(time.Second))
	} else {
		e.RetryAfter = httpx.RetryAfterHeader(r.Header, time.Now())
	}
	return httpx.RetryableStatus(r.Status), e
}
