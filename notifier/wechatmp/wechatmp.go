// Package wechatmp sends WeChat official account (微信公众号) template
// messages, one per recipient (openid). The access token is fetched with
// the app ID and secret, cached until shortly before it expires, and
// fetched anew once when the service says it is invalid or expired (40001,
// 42001). Each request carries client_msg_id, derived from the outbox ID
// and the recipient, so a retry is not delivered twice; recipients already
// served are not sent again on retry (Message.PartsSent).
//
// The template must have the fields first, keyword1 (host), keyword2
// (time), keyword3 (details) and remark — the layout of the classic
// "server alert" templates.
//
// -1 (busy) and 45009 (quota) are retried; 40003 (bad openid), 40037 (bad
// template), 43004 (not following), 47003 (bad data) and token errors
// (40013 bad appid, 40125 bad secret, 40164 IP not allowed) are permanent.
package wechatmp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"lookout/notifier"
	"lookout/notifier/internal/httpx"
	"lookout/notifier/render"
)

// ValueLimit is the most characters put in one template field.
const ValueLimit = 200

// Config is an official account and a template.
type Config struct {
	Name       string
	AppID      string
	AppSecret  string
	TemplateID string
	// ToUsers are the recipients' openids.
	ToUsers []string
	// Link is opened when the message is tapped (optional).
	Link string
	// API is the base URL (https://api.weixin.qq.com).
	API    string
	Render render.Options
	Client *http.Client
	Now    func() time.Time
}

// Channel is a template message to a list of followers.
type Channel struct {
	cfg Config

	mu      sync.Mutex
	token   string
	expires time.Time
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	if c.AppID == "" || c.AppSecret == "" || c.TemplateID == "" || len(c.ToUsers) == 0 {
		return nil, errors.New("wechat_mp: app_id, app_secret, template_id and to_users are required")
	}
	if c.API == "" {
		c.API = "https://api.weixin.qq.com"
	}
	c.API = strings.TrimRight(c.API, "/")
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Channel{cfg: c}, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

// Parts is one request per recipient.
func (c *Channel) Parts(*notifier.Message) int { return len(c.cfg.ToUsers) }

func (c *Channel) redactor() notifier.Redactor {
	c.mu.Lock()
	defer c.mu.Unlock()
	return notifier.NewRedactor(c.cfg.AppSecret, c.token)
}

// accessToken returns the cached token, or fetches one.
func (c *Channel) accessToken(ctx context.Context, fresh bool) (string, bool, error) {
	c.mu.Lock()
	if !fresh && c.token != "" && c.cfg.Now().Before(c.expires) {
		t := c.token
		c.mu.Unlock()
		return t, false, nil
	}
	c.mu.Unlock()
	q := url.Values{"grant_type": {"client_credential"}, "appid": {c.cfg.AppID}, "secret": {c.cfg.AppSecret}}
	req, err := http.NewRequest(http.MethodGet, c.cfg.API+"/cgi-bin/token?"+q.Encode(), nil)
	if err != nil {
		return "", false, errors.New("wechat_mp: bad API URL")
	}
	// The reply holds the token: it is not shown by notify-test.
	quiet := notifier.WithReplies(ctx, func(string) {})
	r, retry, err := httpx.Do(quiet, c.cfg.Client, "wechat_mp", req)
	if err != nil {
		return "", retry, err
	}
	var body struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
		Errcode     int    `json:"errcode"`
		Errmsg      string `json:"errmsg"`
	}
	if json.Unmarshal(r.Body, &body) != nil || (body.AccessToken == "" && body.Errcode == 0) {
		return "", httpx.RetryableStatus(r.Status) || r.Status == 200, &notifier.ServiceError{Service: "wechat_mp", Status: r.Status, Msg: "token: " + httpx.Snippet(r.Body)}
	}
	if body.Errcode != 0 {
		return "", body.Errcode == -1, &notifier.ServiceError{Service: "wechat_mp", Code: strconv.Itoa(body.Errcode), Msg: "token: " + body.Errmsg}
	}
	c.mu.Lock()
	c.token = body.AccessToken
	// Renew five minutes (or a tenth of the lifetime) early.
	life := time.Duration(body.ExpiresIn) * time.Second
	c.expires = c.cfg.Now().Add(life - min(5*time.Minute, life/10))
	c.mu.Unlock()
	return body.AccessToken, false, nil
}

// Data is the template data of m.
func (c *Channel) Data(m *notifier.Message) map[string]any {
	doc := render.Build(m, c.cfg.Render)
	color := map[render.Level]string{render.High: "#D32F2F", render.Mid: "#F57C00", render.Low: "#1E88E5", render.Good: "#2E7D32"}[doc.Level]
	hosts := strings.Join(m.Hosts(), ", ")
	if hosts == "" {
		hosts = "Lookout"
	}
	at := m.Created
	if at.IsZero() {
		at = c.cfg.Now()
	}
	loc := c.cfg.Render.Location
	if loc == nil {
		loc = time.Local
	}
	val := func(s, color string) map[string]string {
		v := map[string]string{"value": render.Text(render.Doc{Title: s}, ValueLimit)}
		if color != "" {
			v["color"] = color
		}
		return v
	}
	return map[string]any{
		"first":    val(doc.Title, color),
		"keyword1": val(hosts, ""),
		"keyword2": val(at.In(loc).Format("2006-01-02 15:04:05"), ""),
		"keyword3": map[string]string{"value": render.Body(render.Doc{Sections: doc.Sections, Lang: doc.Lang}, ValueLimit), "color": color},
		"remark":   val(doc.Footer, "#888888"),
	}
}

// Send sends m to each recipient not yet served.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	data := c.Data(m)
	for i := m.PartsSent; i < len(c.cfg.ToUsers); i++ {
		if retry, err := c.sendOne(ctx, m, i, data); err != nil {
			return retry, c.redactor().Error(err)
		}
		m.PartsSent++
	}
	return false, nil
}

func (c *Channel) sendOne(ctx context.Context, m *notifier.Message, i int, data map[string]any) (bool, error) {
	body := map[string]any{"touser": c.cfg.ToUsers[i], "template_id": c.cfg.TemplateID, "data": data}
	if m.ID != "" {
		body["client_msg_id"] = fmt.Sprintf("%s-%d", m.ID, i)
	}
	if c.cfg.Link != "" {
		body["url"] = c.cfg.Link
	}
	fresh := false
	for try := 0; ; try++ {
		tok, retry, err := c.accessToken(ctx, fresh)
		if err != nil {
			return retry, err
		}
		rctx := notifier.RedactReplies(ctx, notifier.NewRedactor(c.cfg.AppSecret, tok))
		r, retry, err := httpx.PostJSON(rctx, c.cfg.Client, "wechat_mp", c.cfg.API+"/cgi-bin/message/template/send?access_token="+url.QueryEscape(tok), body)
		if err != nil {
			return retry, err
		}
		code, msg, ok := httpx.Errcode(r)
		if !ok {
			return httpx.RetryableStatus(r.Status) || r.Status == 200, &notifier.ServiceError{Service: "wechat_mp", Status: r.Status, Msg: httpx.Snippet(r.Body)}
		}
		if code == 0 {
			return false, nil
		}
		if (code == 40001 || code == 42001) && try == 0 {
			fresh = true // the token expired or was revoked: fetch a new one once
			continue
		}
		return code == -1 || code == 45009, &notifier.ServiceError{Service: "wechat_mp", Code: strconv.Itoa(code), Msg: msg}
	}
}
