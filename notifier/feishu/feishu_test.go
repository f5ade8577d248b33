package feishu

import (
	"context"
	"strings"
	"testing"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
)

const (
	token  = "2f0a3b6c-7d8e-4f90-a1b2-c3d4e5f6a7b8"
	secret = "dGhpcyBpcyBhIGtleQ-fs"
)

func TestSignVector(t *testing.T) {
	// From the contract (matches a published test).
	if got := Sign(1716283459, "dGhpcyBpcyBhIGtleQ=="); got != "8EyY+xxfJvzWjZQpdc2mgvQFaG7lF5nbxl7RITyMkJU=" {
		t.Errorf("Sign = %s", got)
	}
}

func TestContract(t *testing.T) {
	f := fake.NewFeishu(t, token, secret, "告警")
	channeltest.Run(t, channeltest.Suite{
		New: func(t *testing.T, closed bool) notifier.Channel {
			u := f.Webhook()
			if closed {
				u = fake.ClosedURL(t) + "/open-apis/bot/v2/hook/" + token
			}
			ch, err := New(Config{Name: "fs", Webhook: u, Secret: secret, Keyword: "告警"})
			if err != nil {
				t.Fatal(err)
			}
			return ch
		},
		Fake: f,
		Texts: func() []string {
			var out []string
			for _, m := range f.Got() {
				out = append(out, m.Title+"\n"+m.Content)
			}
			return out
		},
		Retryable: []fake.Reply{{Code: "11232"}, {Status: 500}, {Status: 502}, {Status: 429}},
		Permanent: []fake.Reply{{Code: "9499", Msg: "Bad Request"}, {Code: "19001", Msg: "incoming webhook access token invalid"},
			{Code: "19021", Msg: "sign match fail"}, {Code: "19022", Msg: "Ip Not Allowed"}, {Code: "19024", Msg: "Key Words Not Found"}},
		Secrets: []string{token, secret},
	})
}

func TestWrongSecret(t *testing.T) {
	f := fake.NewFeishu(t, token, secret, "")
	ch, _ := New(Config{Name: "fs", Webhook: f.Webhook(), Secret: "another-secret"})
	retry, err := ch.Send(context.Background(), channeltest.TestMessage("x"))
	if err == nil || retry || !strings.Contains(err.Error(), "19021") {
		t.Fatalf("Send = %v, %v", retry, err)
	}
}

func TestOversize(t *testing.T) {
	f := fake.NewFeishu(t, token, "", "")
	ch, _ := New(Config{Name: "fs", Webhook: f.Webhook()})
	m := &notifier.Message{Kind: notifier.KindTest, Title: "big", Text: strings.Repeat("一行很长的中文文字，用来测试大小限制。\n", 2000)}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if c := f.Got()[0].Content; len(c) > BodyLimit || !strings.Contains(c, "more") {
		t.Errorf("content of %d bytes", len(c))
	}
}
