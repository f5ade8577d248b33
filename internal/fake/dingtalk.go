package fake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// DingTalkMsg is a message the DingTalk fake accepted.
type DingTalkMsg struct {
	Type, Title, Text string
	AtMobiles         []string
	AtUserIDs         []string
	AtAll             bool
	UUID              string
}

// DingTalk is a strict fake DingTalk custom robot with the keyword and
// signature security settings.
type DingTalk struct {
	*Base
	Token, Secret, Keyword string
	// Now is the server's clock (time.Now when nil).
	Now   func() time.Time
	mu    sync.Mutex
	got   []DingTalkMsg
	uuids map[string]bool
	rate  window
}

var dingMsgs = map[int]string{
	-1: "系统繁忙", 310000: "keywords not in content", 130101: "send too fast, exceed 20 times per minute",
	410100: "发送速度太快而限流", 400101: "access_token不存在", 400102: "机器人已停用",
	400105: "不支持的消息类型", 400106: "机器人不存在", 430101: "含有不安全的外链",
	400013: "群已被解散", 40035: "缺少参数 access_token", 43002: "需要POST请求", 300005: "token is not exist",
}

// NewDingTalk starts a fake robot. An empty secret or keyword turns that
// security setting off.
func NewDingTalk(t testing.TB, token, secret, keyword string) *DingTalk {
	f := &DingTalk{Token: token, Secret: secret, Keyword: keyword, uuids: map[string]bool{}, rate: window{n: 20, per: time.Minute}}
	f.Base = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// Webhook is the robot's URL as its settings page shows it.
func (f *DingTalk) Webhook() string { return f.URL() + "/robot/send?access_token=" + f.Token }

// Got returns the accepted messages.
func (f *DingTalk) Got() []DingTalkMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]DingTalkMsg(nil), f.got...)
}

func (f *DingTalk) reply(w http.ResponseWriter, code int, msg string) {
	if msg == "" {
		msg = dingMsgs[code]
	}
	if code == 0 {
		msg = "ok"
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{"errcode": code, "errmsg": msg})
}

func (f *DingTalk) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/robot/send" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		f.violate("method " + r.Method)
		f.reply(w, 43002, "")
		return
	}
	q := r.URL.Query()
	switch tok := q.Get("access_token"); {
	case tok == "":
		f.violate("no access_token")
		f.reply(w, 40035, "")
		return
	case tok != f.Token:
		f.violate("wrong access_token")
		f.reply(w, 300005, "")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || !strings.Contains(strings.ToLower(ct), "utf-8") {
		f.violate("content type " + ct)
	}
	now := time.Now()
	if f.Now != nil {
		now = f.Now()
	}
	if f.Secret != "" {
		ts, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
		if err != nil || now.Sub(time.UnixMilli(ts)).Abs() > time.Hour {
			f.violate("invalid timestamp")
			f.reply(w, 310000, "invalid timestamp")
			return
		}
		mac := hmac.New(sha256.New, []byte(f.Secret))
		fmt.Fprintf(mac, "%d\n%s", ts, f.Secret)
		// Query().Get has already URL-decoded sign once.
		if q.Get("sign") != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
			f.violate("sign not match")
			f.reply(w, 310000, "sign not match")
			return
		}
	}
	body, _ := io.ReadAll(r.Body)
	msg, code, why := f.check(body)
	if code != 0 {
		f.violate(why)
		f.reply(w, code, why)
		return
	}
	if rep, ok := f.next(); ok {
		if rep.Hang {
			f.hang(r)
			return
		}
		if rep.Status != 0 && rep.Status != 200 {
			http.Error(w, http.StatusText(rep.Status), rep.Status)
			return
		}
		n, _ := strconv.Atoi(rep.Code)
		f.reply(w, n, rep.Msg)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if msg.UUID != "" && f.uuids[msg.UUID] {
		// The same msgUuid again: DingTalk accepts it and shows nothing new.
		f.reply(w, 0, "")
		return
	}
	if !f.rate.allow(now) {
		f.violate("more than 20 messages a minute")
		f.reply(w, 410100, "")
		return
	}
	f.uuids[msg.UUID] = true
	f.got = append(f.got, msg)
	f.reply(w, 0, "")
}

func (f *DingTalk) check(body []byte) (DingTalkMsg, int, string) {
	var p struct {
		Msgtype  string `json:"msgtype"`
		Markdown *struct {
			Title string `json:"title"`
			Text  string `json:"text"`
		} `json:"markdown"`
		Text *struct {
			Content string `json:"content"`
		} `json:"text"`
		At *struct {
			AtMobiles []string `json:"atMobiles"`
			AtUserIDs []string `json:"atUserIds"`
			IsAtAll   bool     `json:"isAtAll"`
		} `json:"at"`
		MsgUUID string `json:"msgUuid"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return DingTalkMsg{}, 40035, "body: " + err.Error()
	}
	m := DingTalkMsg{Type: p.Msgtype, UUID: p.MsgUUID}
	switch p.Msgtype {
	case "markdown":
		if p.Markdown == nil || p.Markdown.Title == "" || p.Markdown.Text == "" {
			return m, 40035, "markdown needs title and text"
		}
		m.Title, m.Text = p.Markdown.Title, p.Markdown.Text
	case "text":
		if p.Text == nil || p.Text.Content == "" {
			return m, 40035, "text needs content"
		}
		m.Text = p.Text.Content
	default:
		return m, 400105, "unsupported msgtype " + p.Msgtype
	}
	if f.Keyword != "" && !strings.Contains(m.Title+m.Text, f.Keyword) {
		return m, 310000, "keywords not in content"
	}
	if len(m.Text) > 20000 {
		return m, 460101, "message too long"
	}
	if p.At != nil {
		m.AtMobiles, m.AtUserIDs, m.AtAll = p.At.AtMobiles, p.At.AtUserIDs, p.At.IsAtAll
		for _, mob := range m.AtMobiles {
			if !strings.Contains(m.Text, "@"+mob) {
				return m, 40035, "atMobiles " + mob + " not written as @mobile in the text"
			}
		}
	}
	return m, 0, ""
}
