package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// DiscordMsg is a message the Discord fake accepted.
type DiscordMsg struct {
	Title, Description string
	Files              [][]byte
}

// Discord is a strict fake Discord webhook.
type Discord struct {
	*Base
	ID, Token string
	mu        sync.Mutex
	got       []DiscordMsg
}

// NewDiscord starts a fake webhook.
func NewDiscord(t testing.TB, id, token string) *Discord {
	f := &Discord{ID: id, Token: token}
	f.Base = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// Webhook is the webhook's URL.
func (f *Discord) Webhook() string { return f.URL() + "/api/webhooks/" + f.ID + "/" + f.Token }

// Got returns the accepted messages.
func (f *Discord) Got() []DiscordMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]DiscordMsg(nil), f.got...)
}

func discordErr(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"message": msg, "code": code})
}

func (f *Discord) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/webhooks/"+f.ID+"/"+f.Token {
		f.violate("unknown webhook")
		discordErr(w, 404, 10015, "Unknown Webhook")
		return
	}
	var payload []byte
	var files [][]byte
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		payload, _ = io.ReadAll(r.Body)
	case "multipart/form-data":
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			switch name := p.FormName(); {
			case name == "payload_json":
				payload = b
			case name == fmt.Sprintf("files[%d]", len(files)):
				if len(b) > 10<<20 {
					discordErr(w, 413, 40005, "Request entity too large")
					return
				}
				files = append(files, b)
			default:
				f.violate("unexpected part " + name)
			}
		}
	default:
		f.violate("content type " + mt)
		discordErr(w, 400, 50109, "The request body contains invalid JSON.")
		return
	}
	var p struct {
		Username        string           `json:"username"`
		Content         string           `json:"content"`
		Embeds          []map[string]any `json:"embeds"`
		AllowedMentions map[string]any   `json:"allowed_mentions"`
		Attachments     []struct {
			ID       int    `json:"id"`
			Filename string `json:"filename"`
		} `json:"attachments"`
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		f.violate("payload: " + err.Error())
		discordErr(w, 400, 50035, "Invalid Form Body")
		return
	}
	if p.Content == "" && len(p.Embeds) == 0 && len(files) == 0 {
		f.violate("empty")
		discordErr(w, 400, 50006, "Cannot send an empty message")
		return
	}
	if len(p.Embeds) > 10 || len(p.Attachments) != len(files) || strings.Contains(strings.ToLower(p.Username), "discord") {
		f.violate("embeds/attachments/username")
		discordErr(w, 400, 50035, "Invalid Form Body")
		return
	}
	m := DiscordMsg{Files: files}
	total := 0
	for _, e := range p.Embeds {
		t, _ := e["title"].(string)
		d, _ := e["description"].(string)
		var ft string
		if fo, ok := e["footer"].(map[string]any); ok {
			ft, _ = fo["text"].(string)
		}
		if utf8.RuneCountInString(t) > 256 || utf8.RuneCountInString(d) > 4096 || utf8.RuneCountInString(ft) > 2048 {
			f.violate("embed field too long")
			discordErr(w, 400, 50035, "Invalid Form Body")
			return
		}
		total += utf8.RuneCountInString(t) + utf8.RuneCountInString(d) + utf8.RuneCountInString(ft)
		m.Title += t
		m.Description += d
	}
	if total > 6000 {
		f.violate("embeds over 6000 characters")
		discordErr(w, 400, 50035, "Invalid Form Body")
		return
	}
	if rep, ok := f.next(); ok {
		if rep.Hang {
			f.hang(r)
			return
		}
		code, _ := strconv.Atoi(rep.Code)
		if rep.Status == 429 {
			w.Header().Set("Retry-After", strconv.Itoa(int(rep.RetryAfter.Seconds())))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(429)
			json.NewEncoder(w).Encode(map[string]any{"message": "You are being rate limited.", "retry_after": rep.RetryAfter.Seconds(), "global": false})
			return
		}
		discordErr(w, rep.Status, code, msgOr(rep.Msg, http.StatusText(rep.Status)))
		return
	}
	f.mu.Lock()
	f.got = append(f.got, m)
	f.mu.Unlock()
	if r.URL.Query().Get("wait") == "true" {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"1","type":0,"channel_id":"2"}`))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
