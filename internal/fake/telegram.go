package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// TelegramMsg is a message or photo the Telegram fake accepted.
type TelegramMsg struct {
	Method string
	Text   string // text after entity parsing (tags removed, entities decoded)
	Photo  []byte
}

// Telegram is a strict fake Bot API.
type Telegram struct {
	*Base
	Token, ChatID string
	mu            sync.Mutex
	got           []TelegramMsg
	rate          window
}

// NewTelegram starts a fake Bot API server.
func NewTelegram(t testing.TB, token, chatID string) *Telegram {
	f := &Telegram{Token: token, ChatID: chatID, rate: window{n: 20, per: time.Minute}}
	f.Base = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// Got returns the accepted messages.
func (f *Telegram) Got() []TelegramMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]TelegramMsg(nil), f.got...)
}

func tgReply(w http.ResponseWriter, status int, desc string, retryAfter int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status == 200 {
		w.Write([]byte(`{"ok":true,"result":{"message_id":1,"date":1700000000,"chat":{"id":-100,"type":"group"}}}`))
		return
	}
	b := map[string]any{"ok": false, "error_code": status, "description": desc}
	if retryAfter > 0 {
		b["parameters"] = map[string]int{"retry_after": retryAfter}
	}
	json.NewEncoder(w).Encode(b)
}

var tgTag = regexp.MustCompile(`</?(b|strong|i|em|u|ins|s|strike|del|code|pre|blockquote|tg-spoiler)>|<a href="[^"]*">|</a>`)

// parseHTML checks Telegram's HTML rules and returns the visible text.
func parseHTML(s string) (string, error) {
	stripped := tgTag.ReplaceAllString(s, "")
	if strings.ContainsAny(stripped, "<>") {
		return "", fmt.Errorf("can't parse entities: unsupported start tag or unescaped < or >")
	}
	for i := 0; i < len(stripped); i++ {
		if stripped[i] != '&' {
			continue
		}
		ok := false
		for _, e := range []string{"&lt;", "&gt;", "&amp;", "&quot;", "&#"} {
			ok = ok || strings.HasPrefix(stripped[i:], e)
		}
		if !ok {
			return "", fmt.Errorf("can't parse entities: unescaped &")
		}
	}
	return html.UnescapeString(stripped), nil
}

func (f *Telegram) serve(w http.ResponseWriter, r *http.Request) {
	prefix := "/bot" + f.Token + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		f.violate("wrong token")
		tgReply(w, 401, "Unauthorized", 0)
		return
	}
	method := strings.ToLower(strings.TrimPrefix(r.URL.Path, prefix))
	var chat, text, parseMode string
	var photo []byte
	switch method {
	case "sendmessage":
		var p struct {
			ChatID    string `json:"chat_id"`
			Text      string `json:"text"`
			ParseMode string `json:"parse_mode"`
			Link      *struct {
				IsDisabled bool `json:"is_disabled"`
			} `json:"link_preview_options"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			f.violate("sendMessage: " + err.Error())
			tgReply(w, 400, "Bad Request: "+err.Error(), 0)
			return
		}
		chat, text, parseMode = p.ChatID, p.Text, p.ParseMode
	case "sendphoto":
		mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != "multipart/form-data" {
			f.violate("sendPhoto is not multipart")
			tgReply(w, 400, "Bad Request: there is no photo in the request", 0)
			return
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			switch p.FormName() {
			case "chat_id":
				chat = string(b)
			case "caption":
				text = string(b)
			case "parse_mode":
				parseMode = string(b)
			case "photo":
				photo = b
			default:
				f.violate("unknown field " + p.FormName())
			}
		}
		if len(photo) == 0 || len(photo) > 10<<20 {
			f.violate("photo missing or over 10 MB")
			tgReply(w, 400, "Bad Request: there is no photo in the request", 0)
			return
		}
	default:
		tgReply(w, 404, "Not Found", 0)
		return
	}
	if chat != f.ChatID {
		f.violate("wrong chat")
		tgReply(w, 400, "Bad Request: chat not found", 0)
		return
	}
	visible := text
	if parseMode == "HTML" {
		v, err := parseHTML(text)
		if err != nil {
			f.violate(err.Error())
			tgReply(w, 400, "Bad Request: "+err.Error(), 0)
			return
		}
		visible = v
	}
	limit := 4096
	if method == "sendphoto" {
		limit = 1024
	}
	if n := len(utf16.Encode([]rune(visible))); n > limit || (method == "sendmessage" && n == 0) {
		f.violate("text length " + strconv.Itoa(n))
		tgReply(w, 400, "Bad Request: message is too long", 0)
		return
	}
	if rep, ok := f.next(); ok {
		if rep.Hang {
			f.hang(r)
			return
		}
		code, _ := strconv.Atoi(rep.Code)
		tgReply(w, code, rep.Msg, int(rep.RetryAfter.Seconds()))
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.rate.allow(time.Now()) {
		f.violate("more than 20 a minute")
		tgReply(w, 429, "Too Many Requests: retry after 30", 30)
		return
	}
	f.got = append(f.got, TelegramMsg{Method: method, Text: visible, Photo: bytes.Clone(photo)})
	tgReply(w, 200, "", 0)
}
