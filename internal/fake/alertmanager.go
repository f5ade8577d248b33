package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Alertmanager is a fake of Alertmanager's POST /api/v2/alerts as the
// OpenAPI document defines it: a JSON array of postableAlert, each with
// a non-empty label set of valid label names, startsAt before endsAt;
// the bearer token when one is set. It answers 200 with an empty body,
// as Alertmanager does.
type Alertmanager struct {
	*Base
	// Token, when set, must arrive as "Authorization: Bearer <Token>".
	Token string
	mu    sync.Mutex
	posts [][]AMAlert
}

// AMAlert is one posted alert.
type AMAlert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
}

// NewAlertmanager starts a fake Alertmanager.
func NewAlertmanager(t testing.TB, token string) *Alertmanager {
	f := &Alertmanager{Token: token}
	f.Base = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// Posts returns the accepted posts, each a list of alerts.
func (f *Alertmanager) Posts() [][]AMAlert {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]AMAlert(nil), f.posts...)
}

var amLabel = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

func (f *Alertmanager) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/v2/alerts" {
		f.violate("not POST /api/v2/alerts: " + r.Method + " " + r.URL.Path)
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if f.Token != "" && r.Header.Get("Authorization") != "Bearer "+f.Token {
		f.violate("no bearer token")
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var alerts []AMAlert
	if err := json.Unmarshal(body, &alerts); err != nil {
		f.violate("body is not an array of postableAlert: " + err.Error())
		http.Error(w, `{"code":400,"message":"`+err.Error()+`"}`, http.StatusBadRequest)
		return
	}
	for _, a := range alerts {
		if len(a.Labels) == 0 {
			f.violate("an alert without labels")
			http.Error(w, `{"code":400,"message":"labels in body is required"}`, http.StatusBadRequest)
			return
		}
		for k, v := range a.Labels {
			if !amLabel.MatchString(k) || v == "" {
				f.violate("bad label " + strconv.Quote(k) + "=" + strconv.Quote(v))
				http.Error(w, "bad label", http.StatusBadRequest)
				return
			}
		}
		if !a.EndsAt.IsZero() && a.EndsAt.Before(a.StartsAt) {
			f.violate("endsAt before startsAt")
			http.Error(w, "start time must be before end time", http.StatusBadRequest)
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
		msg := rep.Msg
		if msg == "" {
			msg = http.StatusText(rep.Status)
		}
		http.Error(w, msg, rep.Status)
		return
	}
	f.mu.Lock()
	f.posts = append(f.posts, alerts)
	f.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}
