package discord

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"
	"time"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
)

const (
	id    = "112233445566778899"
	token = "dQw4w9WgXcQ-secret-webhook-token_abcdef"
)

func TestContract(t *testing.T) {
	f := fake.NewDiscord(t, id, token)
	channeltest.Run(t, channeltest.Suite{
		New: func(t *testing.T, closed bool) notifier.Channel {
			u := f.Webhook()
			if closed {
				u = fake.ClosedURL(t) + "/api/webhooks/" + id + "/" + token
			}
			ch, err := New(Config{Name: "dc", Webhook: u})
			if err != nil {
				t.Fatal(err)
			}
			return ch
		},
		Fake: f,
		Texts: func() []string {
			var out []string
			for _, m := range f.Got() {
				out = append(out, m.Title+"\n"+m.Description)
			}
			return out
		},
		Retryable: []fake.Reply{{Status: 429, RetryAfter: 2 * time.Second}, {Status: 500}, {Status: 502}},
		Permanent: []fake.Reply{{Status: 400, Code: "50035", Msg: "Invalid Form Body"}, {Status: 401, Code: "50027", Msg: "Invalid Webhook Token"},
			{Status: 404, Code: "10015", Msg: "Unknown Webhook"}, {Status: 413, Code: "40005", Msg: "Request entity too large"}},
		Secrets: []string{token},
	})
}

func TestChartAttached(t *testing.T) {
	f := fake.NewDiscord(t, id, token)
	ch, _ := New(Config{Name: "dc", Webhook: f.Webhook()})
	var b bytes.Buffer
	png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 30, 30)))
	start := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	var as []notifier.Alert
	for range 200 {
		as = append(as, notifier.Alert{Host: "web_1", Rule: "cpu", Severity: notifier.Critical, Value: 99, Threshold: 90, Peak: 99, Unit: "%", Start: start, At: start, Chart: b.Bytes()})
	}
	if _, err := ch.Send(context.Background(), &notifier.Message{Kind: notifier.KindAlert, Alerts: as}); err != nil {
		t.Fatal(err)
	}
	got := f.Got()[0]
	if len(got.Files) != 1 || !bytes.Equal(got.Files[0], b.Bytes()) {
		t.Errorf("files: %d", len(got.Files))
	}
	if v := f.Violations(); len(v) > 0 {
		t.Errorf("violations %q", v)
	}
}
