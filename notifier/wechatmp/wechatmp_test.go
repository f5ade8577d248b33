package wechatmp

import (
	"context"
	"strings"
	"testing"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
)

const (
	appID    = "wx0123456789abcdef"
	secret   = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
	template = "TPL-ALERT-1"
)

func newChannel(t *testing.T, base string, users ...string) *Channel {
	if len(users) == 0 {
		users = []string{"openid-1"}
	}
	ch, err := New(Config{Name: "wx", AppID: appID, AppSecret: secret, TemplateID: template, ToUsers: users, API: base})
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func TestContract(t *testing.T) {
	f := fake.NewWeChat(t, appID, secret, template, "openid-1", "openid-2")
	channeltest.Run(t, channeltest.Suite{
		New: func(t *testing.T, closed bool) notifier.Channel {
			if closed {
				return newChannel(t, fake.ClosedURL(t))
			}
			return newChannel(t, f.URL())
		},
		Fake: f,
		Texts: func() []string {
			var out []string
			for _, m := range f.Got() {
				out = append(out, m.Data["first"].Value+"\n"+m.Data["keyword3"].Value)
			}
			return out
		},
		Retryable: []fake.Reply{{Code: "-1", Msg: "system error"}, {Code: "45009", Msg: "reach max api daily quota limit"}, {Status: 502}},
		Permanent: []fake.Reply{{Code: "40003", Msg: "invalid openid"}, {Code: "40037", Msg: "invalid template_id"},
			{Code: "43004", Msg: "require subscribe"}, {Code: "47003", Msg: "argument invalid"}},
		Secrets: []string{secret, "ACCESS_TOKEN_"},
	})
}

func TestTokenRenewedOnceAndCached(t *testing.T) {
	f := fake.NewWeChat(t, appID, secret, template, "openid-1")
	ch := newChannel(t, f.URL())
	for range 3 {
		if _, err := ch.Send(context.Background(), channeltest.TestMessage("x")); err != nil {
			t.Fatal(err)
		}
	}
	if f.Tokens() != 1 {
		t.Errorf("fetched %d tokens for 3 messages, want 1 (cached)", f.Tokens())
	}
	f.Expire()
	if _, err := ch.Send(context.Background(), channeltest.TestMessage("after expiry")); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if f.Tokens() != 2 || len(f.Got()) != 4 {
		t.Errorf("tokens %d, messages %d; want 2 and 4", f.Tokens(), len(f.Got()))
	}
}

func TestBadSecretIsPermanent(t *testing.T) {
	f := fake.NewWeChat(t, appID, "another", template, "openid-1")
	ch := newChannel(t, f.URL())
	retry, err := ch.Send(context.Background(), channeltest.TestMessage("x"))
	if err == nil || retry || !strings.Contains(err.Error(), "40125") || strings.Contains(err.Error(), secret) {
		t.Fatalf("Send = %v, %v", retry, err)
	}
}

func TestRecipientsResumeAndDeduplicate(t *testing.T) {
	f := fake.NewWeChat(t, appID, secret, template, "openid-1", "openid-2")
	ch := newChannel(t, f.URL(), "openid-1", "openid-2")
	m := channeltest.TestMessage("two")
	m.ID = "id-1"
	f.Script(fake.Reply{Code: "0"}, fake.Reply{Code: "-1"}) // first ok (scripted: not recorded), second busy
	retry, err := ch.Send(context.Background(), m)
	if err == nil || !retry || m.PartsSent != 1 {
		t.Fatalf("Send = %v, %v, parts %d", retry, err, m.PartsSent)
	}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if got := f.Got(); len(got) != 1 || got[0].ToUser != "openid-2" {
		t.Errorf("retry sent %+v, want only openid-2", got)
	}
}
