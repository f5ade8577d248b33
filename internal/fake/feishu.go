package fake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// FeishuMsg is a card the Feishu fake accepted.
type FeishuMsg struct {
	Title, Template, Content string
}

// Feishu is a strict fake Feishu custom bot.
type Feishu struct {
	*Base
	Token, Secret, Keyword string
	mu                     sync.Mutex
	got                    []FeishuMsg
	rate                   window
}

var feishuMsgs = map[int]string{9499: "Bad Request", 19001: "param invalid: incoming webhook access token invalid",
	19021: "sign match fail or timestamp is not within one hour from current time", 19022: "Ip Not Allowed",
	19024: "Key Words Not Found", 11232: "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}

// NewFeishu starts a fake bot.
func NewFeishu(t testing.TB, token, secret, keyword string) *Feishu {
	f := &Feishu{Token: token, Secret: secret, Keyword: keyword, rate: window{n: 5, per: time.Second}}
	f.Base = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// Webhook is the bot's URL.
func (f *Feishu) Webhook() string { return f.URL() + "/open-apis/bot/v2/hook/" + f.Token }

// Got returns the accepted cards.
func (f *Feishu) Got() []FeishuMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FeishuMsg(nil), f.got...)
}

func (f *Feishu) reply(w http.ResponseWriter, code int, msg string) {
	if msg == "" {
		msg = feishuMsgs[code]
	}
	w.Header().Set("Content-Type", "application/json")
	if code == 0 {
		w.Write([]byte(`{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}`))
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"code": code, "msg": msg, "data": map[string]any{}})
}

func (f *Feishu) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/open-apis/bot/v2/hook/"+f.Token {
		f.violate("wrong token")
		f.reply(w, 19001, "")
		return
	}
	body, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || len(body) > 20*1024 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		f.violate("not a JSON POST within 20 KB")
		f.reply(w, 9499, "")
		return
	}
	var p struct {
		MsgType   string `json:"msg_type"`
		Timestamp string `json:"timestamp"`
		Sign      string `json:"sign"`
		Card      *struct {
			Config map[string]any `json:"config"`
			Header struct {
				Title struct {
					Tag     string `json:"tag"`
					Content string `json:"content"`
				} `json:"title"`
				Template string `json:"template"`
			} `json:"header"`
			Elements []struct {
				Tag  string `json:"tag"`
				Text struct {
					Tag     string `json:"tag"`
					Content string `json:"content"`
				} `json:"text"`
			} `json:"elements"`
		} `json:"card"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil || p.MsgType != "interactive" || p.Card == nil || p.Card.Header.Title.Tag != "plain_text" || len(p.Card.Elements) == 0 {
		f.violate("bad card")
		f.reply(w, 9499, "")
		return
	}
	if f.Secret != "" {
		ts, err := strconv.ParseInt(p.Timestamp, 10, 64)
		mac := hmac.New(sha256.New, []byte(p.Timestamp+"\n"+f.Secret))
		if err != nil || time.Since(time.Unix(ts, 0)).Abs() > time.Hour || p.Sign != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
			f.violate("sign mismatch")
			f.reply(w, 19021, "")
			return
		}
	}
	m := FeishuMsg{Title: p.Card.Header.Title.Content, Template: p.Card.Header.Template}
	for _, e := range p.Card.Elements {
		m.Content += e.Text.Content
	}
	if f.Keyword != "" && !strings.Contains(string(body), f.Keyword) {
		f.violate("keyword missing")
		f.reply(w, 19024, "")
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
	if !f.rate.allow(time.Now()) {
		f.violate("more than 5 a second")
		f.reply(w, 11232, "")
		return
	}
	f.got = append(f.got, m)
	f.reply(w, 0, "")
}
