package wecom

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
)

const key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"

func markdowns(f *fake.WeCom) func() []string {
	return func() []string {
		var out []string
		for _, m := range f.Got() {
			if m.Type == "markdown" {
				out = append(out, m.Content)
			}
		}
		return out
	}
}

func newChannel(t *testing.T, f *fake.WeCom, closed bool) *Channel {
	u := f.Webhook()
	if closed {
		u = fake.ClosedURL(t) + "/cgi-bin/webhook/send?key=" + key
	}
	ch, err := New(Config{Name: "ops", Webhook: u})
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func TestContract(t *testing.T) {
	f := fake.NewWeCom(t, key)
	channeltest.Run(t, channeltest.Suite{
		New:   func(t *testing.T, closed bool) notifier.Channel { return newChannel(t, f, closed) },
		Fake:  f,
		Texts: markdowns(f),
		Retryable: []fake.Reply{
			{Code: "-1"}, {Code: "45009"}, {Status: 500}, {Status: 502}, {Status: 503}, {Status: 429},
		},
		Permanent: []fake.Reply{
			{Code: "93000", Msg: "invalid webhook url"}, {Code: "93004", Msg: "robot disabled"},
			{Code: "93008", Msg: "robot not in group"}, {Code: "40008", Msg: "invalid message type"},
			{Code: "45002", Msg: "content size out of limit"}, {Code: "44004", Msg: "empty content"},
		},
		Secrets: []string{key},
	})
}

func TestWrongKeyIsPermanent(t *testing.T) {
	f := fake.NewWeCom(t, key)
	ch, _ := New(Config{Name: "ops", Webhook: f.URL() + "/cgi-bin/webhook/send?key=wrong-key-1234"})
	retry, err := ch.Send(context.Background(), channeltest.TestMessage("x"))
	if err == nil || retry || !strings.Contains(err.Error(), "93000") {
		t.Fatalf("Send = %v, %v; want permanent 93000", retry, err)
	}
	if strings.Contains(err.Error(), "wrong-key-1234") {
		t.Errorf("error leaks the key: %v", err)
	}
}

func alerts(n int) []notifier.Alert {
	start := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	var as []notifier.Alert
	for i := range n {
		as = append(as, notifier.Alert{Host: fmt.Sprintf("web-%02d", i), Rule: "cpu high", Metric: "cpu",
			Severity: notifier.Critical, Value: 95, Threshold: 90, Peak: 97, Unit: "%", Start: start, At: start.Add(5 * time.Minute),
			Usage:  &notifier.Usage{CPU: 95, Mem: 40, Swap: 0, Disk: 71, DiskMount: "/"},
			TopCPU: []notifier.Proc{{PID: 1234, Name: "python", CPU: 80, RSS: 1 << 30}, {PID: 99, Name: "java", CPU: 10, RSS: 300 << 20}},
			TopMem: []notifier.Proc{{PID: 99, Name: "java", CPU: 10, RSS: 300 << 20}}})
	}
	return as
}

func TestOversizeMarkdownIsCut(t *testing.T) {
	f := fake.NewWeCom(t, key)
	ch := newChannel(t, f, false)
	m := &notifier.Message{Kind: notifier.KindAlert, Alerts: alerts(50)}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := f.Got()
	if len(got) != 1 || len(got[0].Content) > MarkdownLimit {
		t.Fatalf("got %d messages, first %d bytes", len(got), len(got[0].Content))
	}
	if !strings.Contains(got[0].Content, "…and ") || !strings.Contains(got[0].Content, " more") {
		t.Errorf("cut message does not say how many alerts were left out:\n%s", got[0].Content)
	}
	if v := f.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
}

// noisyPNG is a PNG that compresses badly: w×h pixels of noise.
func noisyPNG(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	for x := range w {
		img.Set(x, h/2, color.Black)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImages(t *testing.T) {
	small := noisyPNG(t, 200, 100)
	big := noisyPNG(t, 1200, 800) // ~3.8 MB
	if len(big) <= ImageLimit {
		t.Fatalf("test image is only %d bytes", len(big))
	}
	for _, tt := range []struct {
		name string
		img  []byte
	}{{"small chart as it is", small}, {"oversize chart scaled down", big}} {
		t.Run(tt.name, func(t *testing.T) {
			f := fake.NewWeCom(t, key)
			ch := newChannel(t, f, false)
			as := alerts(1)
			as[0].Chart = tt.img
			m := &notifier.Message{Kind: notifier.KindAlert, Alerts: as}
			if ch.Parts(m) != 2 {
				t.Errorf("Parts = %d, want 2", ch.Parts(m))
			}
			if _, err := ch.Send(context.Background(), m); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := f.Got()
			if len(got) != 2 || got[0].Type != "markdown" || got[1].Type != "image" {
				t.Fatalf("got %+v, want markdown then image", got)
			}
			if len(got[1].Image) > ImageLimit {
				t.Errorf("image is %d bytes", len(got[1].Image))
			}
			if len(tt.img) <= ImageLimit && !bytes.Equal(got[1].Image, tt.img) {
				t.Error("a small image was re-encoded")
			}
			if v := f.Violations(); len(v) > 0 {
				t.Errorf("violations: %q", v)
			}
		})
	}
}

func TestResumeAfterPartialDelivery(t *testing.T) {
	f := fake.NewWeCom(t, key)
	ch := newChannel(t, f, false)
	as := alerts(1)
	as[0].Chart = noisyPNG(t, 50, 50)
	m := &notifier.Message{Kind: notifier.KindAlert, Alerts: as}
	f.Script(fake.Reply{Code: "0"}, fake.Reply{Code: "45009"}) // markdown ok, image throttled
	retry, err := ch.Send(context.Background(), m)
	if err == nil || !retry || m.PartsSent != 1 {
		t.Fatalf("Send = %v, %v, PartsSent %d; want retryable after 1 part", retry, err, m.PartsSent)
	}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if got := f.Got(); len(got) != 1 || got[0].Type != "image" {
		t.Errorf("retry sent %+v, want only the image", got)
	}
}

func TestMentionsOnCritical(t *testing.T) {
	f := fake.NewWeCom(t, key)
	ch, _ := New(Config{Name: "ops", Webhook: f.Webhook(), Mentions: []string{"wangqing"}, MentionMobiles: []string{"13800001111"}})
	m := &notifier.Message{Kind: notifier.KindAlert, Alerts: alerts(1)}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := f.Got()
	if len(got) != 2 || got[1].Type != "text" || got[1].Mobiles[0] != "13800001111" || got[1].Mention[0] != "wangqing" {
		t.Fatalf("got %+v, want markdown then a text with mentions", got)
	}
	// A resolved alert mentions no one.
	r := alerts(1)
	r[0].Resolved = true
	if n := ch.Parts(&notifier.Message{Kind: notifier.KindAlert, Alerts: r}); n != 1 {
		t.Errorf("resolved alert takes %d parts, want 1", n)
	}
}

func TestNewRejectsURLWithoutKey(t *testing.T) {
	for _, u := range []string{"", "qyapi.weixin.qq.com", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"} {
		if _, err := New(Config{Name: "x", Webhook: u}); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
}
