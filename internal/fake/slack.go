package fake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Slack is a strict fake Slack incoming webhook.
type Slack struct {
	*Base
	Path string // /services/T…/B…/secret
	mu   sync.Mutex
	got  []string // fallback text + section texts
	rate window
}

// NewSlack starts a fake webhook.
func NewSlack(t testing.TB, path string) *Slack {
	f := &Slack{Path: path, rate: window{n: 1, per: time.Second}}
	f.Base = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// Webhook is the webhook's URL.
func (f *Slack) Webhook() string { return f.URL() + f.Path }

// Got returns the accepted messages' texts.
func (f *Slack) Got() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

func (f *Slack) serve(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, e string) {
		f.violate(e)
		http.Error(w, e, status)
	}
	if r.URL.Path != f.Path {
		fail(http.StatusNotFound, "no_service")
		return
	}
	body, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		fail(http.StatusBadRequest, "invalid_payload")
		return
	}
	var p struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text *struct {
				Type  string `json:"type"`
				Text  string `json:"text"`
				Emoji bool   `json:"emoji"`
			} `json:"text"`
			Elements []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"elements"`
		} `json:"blocks"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		fail(http.StatusBadRequest, "invalid_payload")
		return
	}
	if p.Text == "" && len(p.Blocks) == 0 {
		fail(http.StatusBadRequest, "no_text")
		return
	}
	if len(p.Blocks) > 50 {
		fail(http.StatusBadRequest, "invalid_blocks")
		return
	}
	all := p.Text
	for _, b := range p.Blocks {
		switch b.Type {
		case "header":
			if b.Text == nil || b.Text.Type != "plain_text" || utf8.RuneCountInString(b.Text.Text) > 150 {
				fail(http.StatusBadRequest, "invalid_blocks")
				return
			}
		case "section":
			if b.Text == nil || b.Text.Type != "mrkdwn" || utf8.RuneCountInString(b.Text.Text) > 3000 {
				fail(http.StatusBadRequest, "invalid_blocks")
				return
			}
			all += "\n" + b.Text.Text
		case "context":
			if len(b.Elements) == 0 || len(b.Elements) > 10 {
				fail(http.StatusBadRequest, "invalid_blocks")
				return
			}
		default:
			fail(http.StatusBadRequest, "invalid_blocks")
			return
		}
	}
	if rep, ok := f.next(); ok {
		if rep.Hang {
			f.hang(r)
			return
		}
		if rep.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(rep.RetryAfter.Seconds())))
		}
		http.Error(w, rep.Code, rep.Status)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.rate.allow(time.Now()) {
		f.violate("more than 1 message a second")
		w.Header().Set("Retry-After", "1")
		http.Error(w, "rate_limited", http.StatusTooManyRequests)
		return
	}
	f.got = append(f.got, all)
	w.Write([]byte("ok"))
}
