package dingtalk

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
)

const (
	token   = "6d5c9d2f8a1b4e3c9f7a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e"
	secret  = "SEC5d0e8a2f9b7c4d1e3f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b6c8"
	keyword = "服务器告警"
)

func TestSignVector(t *testing.T) {
	// From the contract: secret SECtest, ts 1700000000000.
	got := Sign(1700000000000, "SECtest")
	if got != "aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g=" {
		t.Errorf("Sign = %s", got)
	}
	if q := url.QueryEscape(got); q != "aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g%3D" {
		t.Errorf("query value = %s", q)
	}
}

func texts(f *fake.DingTalk) func() []string {
	return func() []string {
		var out []string
		for _, m := range f.Got() {
			out = append(out, m.Title+"\n"+m.Text)
		}
		return out
	}
}

func newChannel(t *testing.T, f *fake.DingTalk, closed bool, mod func(*Config)) *Channel {
	u := f.Webhook()
	if closed {
		u = fake.ClosedURL(t) + "/robot/send?access_token=" + token
	}
	c := Config{Name: "dt", Webhook: u, Secret: secret, Keyword: keyword}
	if mod != nil {
		mod(&c)
	}
	ch, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func TestContract(t *testing.T) {
	f := fake.NewDingTalk(t, token, secret, keyword)
	channeltest.Run(t, channeltest.Suite{
		New:   func(t *testing.T, closed bool) notifier.Channel { return newChannel(t, f, closed, nil) },
		Fake:  f,
		Texts: texts(f),
		Retryable: []fake.Reply{
			{Code: "-1"}, {Code: "130101"}, {Code: "410100"}, {Status: 500}, {Status: 503}, {Status: 429},
		},
		Permanent: []fake.Reply{
			{Code: "310000", Msg: "sign not match"}, {Code: "310000", Msg: "keywords not in content"},
			{Code: "310000", Msg: "ip 10.1.2.3 not in whitelist"}, {Code: "400101", Msg: "access_token不存在"},
			{Code: "400102", Msg: "机器人已停用"}, {Code: "400106", Msg: "机器人不存在"},
			{Code: "400013", Msg: "群已被解散"}, {Code: "430102", Msg: "含有不恰当的文本"}, {Code: "300005", Msg: "token is not exist"},
		},
		Secrets: []string{token, secret},
	})
}

func TestSecurityChecks(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*Config)
		want string
	}{
		{"wrong secret", func(c *Config) { c.Secret = "SECwrong0000" }, "sign not match"},
		{"clock two hours off", func(c *Config) { c.Now = func() time.Time { return time.Now().Add(-2 * time.Hour) } }, "invalid timestamp"},
		{"no keyword configured", func(c *Config) { c.Keyword = "" }, "keywords not in content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fake.NewDingTalk(t, token, secret, keyword)
			ch := newChannel(t, f, false, tt.mod)
			retry, err := ch.Send(context.Background(), channeltest.TestMessage("x"))
			if err == nil || retry || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "310000") {
				t.Fatalf("Send = %v, %v; want permanent 310000 %s", retry, err, tt.want)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), token) {
				t.Errorf("error leaks a secret: %v", err)
			}
		})
	}
}

func critical(n int) []notifier.Alert {
	start := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	var as []notifier.Alert
	for i := range n {
		as = append(as, notifier.Alert{Host: fmt.Sprintf("db-%02d", i), Rule: "memory", Metric: "mem", Severity: notifier.Critical,
			Value: 93.5, Threshold: 90, Peak: 96, Unit: "%", Start: start, At: start.Add(3 * time.Minute),
			TopMem: []notifier.Proc{{PID: 4242, Name: "my_worker*", CPU: 3, RSS: 6 << 30}}})
	}
	return as
}

func TestMentionsAndIdempotency(t *testing.T) {
	f := fake.NewDingTalk(t, token, secret, keyword)
	ch := newChannel(t, f, false, func(c *Config) { c.Mobiles = []string{"13800001111"} })
	m := &notifier.Message{ID: "18e9e0954a08e75c0000", Kind: notifier.KindAlert, Alerts: critical(1)}
	for range 2 { // a retry after a lost reply
		if _, err := ch.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	got := f.Got()
	if len(got) != 1 {
		t.Fatalf("fake shows %d messages, want 1 (msgUuid de-duplicates)", len(got))
	}
	if got[0].UUID != m.ID || len(got[0].AtMobiles) != 1 || !strings.Contains(got[0].Text, "@13800001111") {
		t.Errorf("got %+v", got[0])
	}
	if !strings.Contains(got[0].Text, `my\_worker\*`) {
		t.Errorf("process name not escaped:\n%s", got[0].Text)
	}
	if v := f.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
}

func TestOversize(t *testing.T) {
	f := fake.NewDingTalk(t, token, secret, keyword)
	ch := newChannel(t, f, false, func(c *Config) { c.Mobiles = []string{"13800001111"} })
	if _, err := ch.Send(context.Background(), &notifier.Message{ID: "a", Kind: notifier.KindAlert, Alerts: critical(80)}); err != nil {
		t.Fatal(err)
	}
	got := f.Got()[0]
	if len(got.Text) > TextLimit || !strings.Contains(got.Text, "more") || !strings.Contains(got.Text, keyword) || !strings.Contains(got.Text, "@13800001111") {
		t.Errorf("text of %d bytes:\n%s", len(got.Text), got.Text)
	}
}
