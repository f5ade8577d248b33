package webhook

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
)

const (
	secret = "whsec-2f9b7c4d1e3f6a8b"
	bearer = "Bearer tok-8a0b2c4d6e8f0a2b"
)

func TestContract(t *testing.T) {
	f := fake.NewHook(t, secret)
	f.Header = [2]string{"Authorization", bearer}
	channeltest.Run(t, channeltest.Suite{
		New: func(t *testing.T, closed bool) notifier.Channel {
			u := f.URL() + "/hook"
			if closed {
				u = fake.ClosedURL(t) + "/hook"
			}
			ch, err := New(Config{Name: "hook", URL: u, Secret: secret, Headers: map[string]string{"Authorization": bearer}})
			if err != nil {
				t.Fatal(err)
			}
			return ch
		},
		Fake: f,
		Texts: func() []string {
			var out []string
			for _, p := range f.Got() {
				out = append(out, fmt.Sprint(p["title"], "\n", p["text"]))
			}
			return out
		},
		Retryable: []fake.Reply{{Status: 500}, {Status: 502}, {Status: 503}, {Status: 408},
			{Status: 429, RetryAfter: 7 * time.Second}},
		Permanent: []fake.Reply{{Status: 400, Msg: "bad request"}, {Status: 401, Msg: "unauthorized"},
			{Status: 404, Msg: "no such hook"}, {Status: 410, Msg: "gone"}},
		Secrets: []string{secret, bearer},
	})
}

func TestPayloadCarriesStructure(t *testing.T) {
	f := fake.NewHook(t, "")
	ch, _ := New(Config{Name: "hook", URL: f.URL()})
	start := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	m := &notifier.Message{ID: "id1", Kind: notifier.KindAlert, Alerts: []notifier.Alert{{Host: "web1", Rule: "cpu", Metric: "cpu",
		Severity: notifier.Warning, Value: 85, Threshold: 80, Peak: 88, Unit: "%", Start: start, At: start.Add(time.Minute), Chart: []byte("\x89PNG....")}}}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	p := f.Got()[0]
	if p["id"] != "id1" || p["severity"] != "warning" || p["kind"] != "alert" {
		t.Errorf("payload %v", p)
	}
	a := p["alerts"].([]any)[0].(map[string]any)
	if a["host"] != "web1" || a["chart"] != nil {
		t.Errorf("alert %v (chart must be left out by default)", a)
	}
	if !strings.Contains(p["text"].(string), "web1") {
		t.Errorf("text %q", p["text"])
	}
}
