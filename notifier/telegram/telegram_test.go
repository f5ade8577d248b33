package telegram

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
)

const (
	token = "123456789:AAH-secretTokenValue_abcdefghijk"
	chat  = "-1001234567890"
)

func newChannel(t *testing.T, base string) *Channel {
	ch, err := New(Config{Name: "tg", Token: token, ChatID: chat, API: base})
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func TestContract(t *testing.T) {
	f := fake.NewTelegram(t, token, chat)
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
				if m.Method == "sendmessage" {
					out = append(out, m.Text)
				}
			}
			return out
		},
		Retryable: []fake.Reply{{Code: "429", Msg: "Too Many Requests: retry after 35", RetryAfter: 35 * time.Second},
			{Code: "500", Msg: "Internal Server Error"}, {Code: "502", Msg: "Bad Gateway"}},
		Permanent: []fake.Reply{{Code: "400", Msg: "Bad Request: chat not found"}, {Code: "401", Msg: "Unauthorized"},
			{Code: "403", Msg: "Forbidden: bot was blocked by the user"}, {Code: "400", Msg: "Bad Request: message is too long"}},
		Secrets: []string{token},
	})
}

func TestEscapingAndOversize(t *testing.T) {
	f := fake.NewTelegram(t, token, chat)
	ch := newChannel(t, f.URL())
	m := &notifier.Message{Kind: notifier.KindTest, Title: "a<b> & \"c\"", Text: strings.Repeat("x < y && z > 0 <b>not bold</b> 中文\n", 300)}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := f.Got()[0].Text
	if !strings.HasPrefix(got, `a<b> & "c"`) || !strings.Contains(got, "<b>not bold</b>") || !strings.Contains(got, "more") {
		t.Errorf("visible text: %q", got[:100])
	}
	if v := f.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
}

func TestPhoto(t *testing.T) {
	f := fake.NewTelegram(t, token, chat)
	ch := newChannel(t, f.URL())
	var b bytes.Buffer
	png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 30, 30)))
	m := &notifier.Message{Kind: notifier.KindReport, Report: &notifier.Report{Chart: b.Bytes(), Hosts: []notifier.HostReport{{Host: "h", CPU: notifier.NaNStat, Mem: notifier.NaNStat, Swap: notifier.NaNStat, Disk: notifier.NaNStat, Load: notifier.NaNStat}}}}
	if ch.Parts(m) != 2 {
		t.Fatalf("Parts = %d", ch.Parts(m))
	}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := f.Got()
	if len(got) != 2 || got[1].Method != "sendphoto" || !bytes.Equal(got[1].Photo, b.Bytes()) {
		t.Errorf("got %+v", got)
	}
}
