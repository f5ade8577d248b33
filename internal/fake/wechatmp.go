package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
)

// WeChatMsg is a template message the WeChat fake accepted.
type WeChatMsg struct {
	ToUser string
	Data   map[string]struct {
		Value string `json:"value"`
		Color string `json:"color"`
	}
}

// WeChat is a strict fake of the official account API: token issue and
// template send.
type WeChat struct {
	*Base
	AppID, Secret, Template string
	Followers               map[string]bool
	mu                      sync.Mutex
	token                   string
	tokens                  int
	got                     []WeChatMsg
	ids                     map[string]bool
}

// NewWeChat starts a fake API.
func NewWeChat(t testing.TB, appID, secret, template string, followers ...string) *WeChat {
	f := &WeChat{AppID: appID, Secret: secret, Template: template, Followers: map[string]bool{}, ids: map[string]bool{}}
	for _, u := range followers {
		f.Followers[u] = true
	}
	f.Base = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// Got returns the accepted messages.
func (f *WeChat) Got() []WeChatMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]WeChatMsg(nil), f.got...)
}

// Tokens is how many tokens were issued.
func (f *WeChat) Tokens() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokens
}

// Expire makes the current token invalid (as after 2 hours, or after
// another client fetched a new one).
func (f *WeChat) Expire() {
	f.mu.Lock()
	f.token = ""
	f.mu.Unlock()
}

func wxReply(w http.ResponseWriter, v map[string]any) {
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	json.NewEncoder(w).Encode(v)
}

func (f *WeChat) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch r.URL.Path {
	case "/cgi-bin/token":
		if r.Method != http.MethodGet || q.Get("grant_type") != "client_credential" {
			f.violate("token request")
			wxReply(w, map[string]any{"errcode": 40002, "errmsg": "invalid grant_type"})
			return
		}
		if q.Get("appid") != f.AppID {
			wxReply(w, map[string]any{"errcode": 40013, "errmsg": "invalid appid"})
			return
		}
		if q.Get("secret") != f.Secret {
			wxReply(w, map[string]any{"errcode": 40125, "errmsg": "invalid appsecret"})
			return
		}
		f.mu.Lock()
		f.tokens++
		f.token = fmt.Sprintf("ACCESS_TOKEN_%d_x9f8e7d6c5b4a3", f.tokens)
		tok := f.token
		f.mu.Unlock()
		wxReply(w, map[string]any{"access_token": tok, "expires_in": 7200})
	case "/cgi-bin/message/template/send":
		f.mu.Lock()
		valid := f.token != "" && q.Get("access_token") == f.token
		f.mu.Unlock()
		if r.Method != http.MethodPost {
			f.violate("send is not a POST")
		}
		if !valid {
			wxReply(w, map[string]any{"errcode": 42001, "errmsg": "access_token expired"})
			return
		}
		body, _ := io.ReadAll(r.Body)
		var p struct {
			ToUser      string `json:"touser"`
			TemplateID  string `json:"template_id"`
			URL         string `json:"url"`
			ClientMsgID string `json:"client_msg_id"`
			Data        map[string]struct {
				Value string `json:"value"`
				Color string `json:"color"`
			} `json:"data"`
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			f.violate("send: " + err.Error())
			wxReply(w, map[string]any{"errcode": 47001, "errmsg": "data format error"})
			return
		}
		switch {
		case p.TemplateID != f.Template:
			f.violate("template")
			wxReply(w, map[string]any{"errcode": 40037, "errmsg": "invalid template_id"})
			return
		case !f.Followers[p.ToUser]:
			f.violate("openid")
			wxReply(w, map[string]any{"errcode": 43004, "errmsg": "require subscribe"})
			return
		}
		for _, k := range []string{"first", "keyword1", "keyword2", "keyword3", "remark"} {
			if p.Data[k].Value == "" {
				f.violate("missing field " + k)
				wxReply(w, map[string]any{"errcode": 47003, "errmsg": "argument invalid! data." + k + ".value empty"})
				return
			}
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
			wxReply(w, map[string]any{"errcode": n, "errmsg": msgOr(rep.Msg, "error")})
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		if p.ClientMsgID == "" || !f.ids[p.ClientMsgID] {
			f.ids[p.ClientMsgID] = true
			f.got = append(f.got, WeChatMsg{ToUser: p.ToUser, Data: p.Data})
		}
		wxReply(w, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": 200228332})
	default:
		http.NotFound(w, r)
	}
}
