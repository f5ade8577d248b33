package fake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Hook is a fake receiver of Lookout's generic webhook: it checks the
// method, content type, signature and the payload's fields (version 1),
// and answers 204.
type Hook struct {
	*Base
	Secret string
	// Header, when set, must arrive with this value (name: value).
	Header [2]string
	mu     sync.Mutex
	got    []map[string]any
}

// NewHook starts a receiver.
func NewHook(t testing.TB, secret string) *Hook {
	f := &Hook{Secret: secret}
	f.Base = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// Got returns the accepted payloads.
func (f *Hook) Got() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.got...)
}

func (f *Hook) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		f.violate("not a JSON POST")
		http.Error(w, "want a JSON POST", http.StatusBadRequest)
		return
	}
	body, _ := io.ReadAll(r.Body)
	if f.Secret != "" {
		mac := hmac.New(sha256.New, []byte(f.Secret))
		mac.Write(body)
		if r.Header.Get("X-Lookout-Signature") != "sha256="+hex.EncodeToString(mac.Sum(nil)) {
			f.violate("bad signature")
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
	}
	if f.Header[0] != "" && r.Header.Get(f.Header[0]) != f.Header[1] {
		f.violate("missing header " + f.Header[0])
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	var p struct {
		Version  string            `json:"version"`
		ID       string            `json:"id"`
		Kind     string            `json:"kind"`
		Created  time.Time         `json:"created"`
		Title    string            `json:"title"`
		Text     string            `json:"text"`
		Severity string            `json:"severity"`
		Resolved bool              `json:"resolved"`
		Alerts   []json.RawMessage `json:"alerts"`
		Report   json.RawMessage   `json:"report"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil || p.Version != "1" || p.Title == "" || p.Kind == "" {
		f.violate("payload does not match version 1")
		http.Error(w, "bad payload", http.StatusUnprocessableEntity)
		return
	}
	if rep, ok := f.next(); ok {
		if rep.Hang {
			f.hang(r)
			return
		}
		if rep.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(rep.RetryAfter.Seconds())))
		}
		msg := rep.Msg
		if msg == "" {
			msg = http.StatusText(rep.Status)
		}
		http.Error(w, msg, rep.Status)
		return
	}
	var m map[string]any
	json.Unmarshal(body, &m)
	f.mu.Lock()
	f.got = append(f.got, m)
	f.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}
