package fake

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
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

// WeComMsg is a message the WeCom fake accepted.
type WeComMsg struct {
	Type    string
	Content string   // markdown / text content
	Mention []string // mentioned_list
	Mobiles []string // mentioned_mobile_list
	Image   []byte   // decoded image
}

// WeCom is a strict fake WeCom group robot.
type WeCom struct {
	*Base
	Key  string
	mu   sync.Mutex
	got  []WeComMsg
	rate window
}

var wecomMsgs = map[int]string{
	-1: "system busy", 40008: "invalid message type", 44004: "empty content",
	45002: "content size out of limit", 45009: "api freq out of limit",
	93000: "invalid webhook url", 93004: "robot disabled", 40009: "invalid image size",
	40058: "invalid parameter",
}

// NewWeCom starts a fake robot with key.
func NewWeCom(t testing.TB, key string) *WeCom {
	f := &WeCom{Key: key, rate: window{n: 20, per: time.Minute}}
	f.Base = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// Webhook is the robot's URL, as its settings page shows it.
func (f *WeCom) Webhook() string { return f.URL() + "/cgi-bin/webhook/send?key=" + f.Key }

// Got returns the accepted messages.
func (f *WeCom) Got() []WeComMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]WeComMsg(nil), f.got...)
}

func (f *WeCom) reply(w http.ResponseWriter, code int, msg string) {
	if msg == "" {
		msg = wecomMsgs[code]
	}
	if code != 0 {
		msg += fmt.Sprintf(", hint: [1700000000_1_abc], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=%d", code)
	} else {
		msg = "ok"
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	json.NewEncoder(w).Encode(map[string]any{"errcode": code, "errmsg": msg})
}

func (f *WeCom) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/cgi-bin/webhook/send" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		f.violate("method " + r.Method)
		f.reply(w, 40008, "")
		return
	}
	if r.URL.Query().Get("key") != f.Key {
		f.violate("wrong key")
		f.reply(w, 93000, "")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		f.violate("content type " + ct)
		f.reply(w, 40058, "")
		return
	}
	body, _ := io.ReadAll(r.Body)
	msg, code, why := f.check(body)
	if code != 0 {
		f.violate(why)
		f.reply(w, code, "")
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
	if !f.rate.allow(time.Now()) {
		f.mu.Unlock()
		f.violate("more than 20 messages a minute")
		f.reply(w, 45009, "")
		return
	}
	f.got = append(f.got, msg)
	f.mu.Unlock()
	f.reply(w, 0, "")
}

// check enforces the payload contract.
func (f *WeCom) check(body []byte) (WeComMsg, int, string) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return WeComMsg{}, 40058, "body is not JSON"
	}
	var typ string
	json.Unmarshal(top["msgtype"], &typ)
	if len(top) != 2 || top[typ] == nil {
		return WeComMsg{}, 40008, fmt.Sprintf("payload key must equal msgtype %q", typ)
	}
	dec := json.NewDecoder(bytes.NewReader(top[typ]))
	dec.DisallowUnknownFields()
	m := WeComMsg{Type: typ}
	switch typ {
	case "markdown":
		var p struct {
			Content string `json:"content"`
		}
		if err := dec.Decode(&p); err != nil {
			return m, 40058, "markdown: " + err.Error()
		}
		if p.Content == "" {
			return m, 44004, "empty content"
		}
		if len(p.Content) > 4096 {
			return m, 45002, fmt.Sprintf("markdown content is %d bytes, more than 4096", len(p.Content))
		}
		m.Content = p.Content
	case "text":
		var p struct {
			Content string   `json:"content"`
			List    []string `json:"mentioned_list"`
			Mobiles []string `json:"mentioned_mobile_list"`
		}
		if err := dec.Decode(&p); err != nil {
			return m, 40058, "text: " + err.Error()
		}
		if p.Content == "" {
			return m, 44004, "empty content"
		}
		if len(p.Content) > 2048 {
			return m, 45002, fmt.Sprintf("text content is %d bytes, more than 2048", len(p.Content))
		}
		m.Content, m.Mention, m.Mobiles = p.Content, p.List, p.Mobiles
	case "image":
		var p struct {
			Base64 string `json:"base64"`
			MD5    string `json:"md5"`
		}
		if err := dec.Decode(&p); err != nil {
			return m, 40058, "image: " + err.Error()
		}
		raw, err := base64.StdEncoding.DecodeString(p.Base64)
		if err != nil {
			return m, 40058, "image: base64: " + err.Error()
		}
		sum := md5.Sum(raw)
		if hex.EncodeToString(sum[:]) != p.MD5 {
			return m, 40058, "image: md5 does not match the raw bytes"
		}
		if len(raw) > 2*1024*1024 {
			return m, 40009, fmt.Sprintf("image is %d bytes, more than 2 MB", len(raw))
		}
		if !bytes.HasPrefix(raw, []byte("\x89PNG")) && !bytes.HasPrefix(raw, []byte{0xff, 0xd8}) {
			return m, 40009, "image is neither PNG nor JPEG"
		}
		m.Image = raw
	default:
		return m, 40008, "unsupported msgtype " + typ
	}
	return m, 0, ""
}
