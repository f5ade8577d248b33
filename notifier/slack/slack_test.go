package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
)

const path = "/services/T0001/B0002/XXXXsecretXXXXyyyy"

func TestContract(t *testing.T) {
	f := fake.NewSlack(t, path)
	channeltest.Run(t, channeltest.Suite{
		New: func(t *testing.T, closed bool) notifier.Channel {
			u := f.Webhook()
			if closed {
				u = fake.ClosedURL(t) + path
			}
			ch, err := New(Config{Name: "sl", Webhook: u})
			if err != nil {
				t.Fatal(err)
			}
			return ch
		},
		Fake:  f,
		Texts: f.Got,
		Retryable: []fake.Reply{{Status: 429, Code: "rate_limited", RetryAfter: 3 * time.Second},
			{Status: 500, Code: "rollup_error"}, {Status: 503, Code: "service_unavailable"}},
		Permanent: []fake.Reply{{Status: 400, Code: "invalid_payload"}, {Status: 403, Code: "invalid_token"},
			{Status: 404, Code: "no_service"}, {Status: 404, Code: "channel_not_found"}, {Status: 410, Code: "channel_is_archived"},
			{Status: 403, Code: "action_prohibited"}},
		Secrets: []string{"XXXXsecretXXXXyyyy"},
	})
}

func TestManyItemsStayWithin50Blocks(t *testing.T) {
	f := fake.NewSlack(t, path)
	ch, _ := New(Config{Name: "sl", Webhook: f.Webhook()})
	m := &notifier.Message{Kind: notifier.KindTest, Title: "big", Text: strings.Repeat("a <line> & more\n", 120)}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := f.Got()[0]
	if !strings.Contains(got, "…and 73 more") || !strings.Contains(got, "a &lt;line&gt; &amp; more") {
		t.Errorf("got %q", got[len(got)-200:])
	}
}
