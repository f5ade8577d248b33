package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"image"
	"image/png"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/internal/channeltest"
)

const (
	user     = "alerts@example.com"
	password = "s3cret-smtp-Passw0rd"
)

func newChannel(t *testing.T, f *fake.SMTP, closed bool, sec Security) *Channel {
	port := f.Port
	if closed {
		_, p, _ := net.SplitHostPort(strings.TrimPrefix(fake.ClosedURL(t), "http://"))
		port, _ = strconv.Atoi(p)
	}
	ch, err := New(Config{Name: "mail", Host: "127.0.0.1", Port: port, Security: sec, Username: user, Password: password,
		From: "Lookout <alerts@example.com>", To: []string{"ops@example.com", "王工 <wang@example.com>"},
		TLSConfig: &tls.Config{RootCAs: f.CA}})
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// plain returns the subject and the text/plain part of a raw mail.
func plain(t testing.TB, raw []byte) string {
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("mail: %v", err)
	}
	subj, _ := mr.Header.Subject()
	var text string
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		if ct, _, _ := p.Header.(*mail.InlineHeader).ContentType(); ct == "text/plain" {
			b, _ := io.ReadAll(p.Body)
			text = string(b)
		}
	}
	return subj + "\n" + text
}

func TestContract(t *testing.T) {
	for _, tt := range []struct {
		name     string
		implicit bool
		sec      Security
	}{{"starttls 587", false, StartTLS}, {"implicit tls 465", true, TLS}} {
		t.Run(tt.name, func(t *testing.T) {
			f := fake.NewSMTP(t, user, password, tt.implicit)
			channeltest.Run(t, channeltest.Suite{
				New:  func(t *testing.T, closed bool) notifier.Channel { return newChannel(t, f, closed, tt.sec) },
				Fake: f,
				Texts: func() []string {
					var out []string
					for _, m := range f.Got() {
						out = append(out, plain(t, m.Data))
					}
					return out
				},
				Retryable: []fake.Reply{{Code: "421", Msg: "4.3.2 service shutting down"}, {Code: "451", Msg: "4.3.0 try again later"},
					{Code: "452", Msg: "4.3.1 insufficient storage"}},
				Permanent: []fake.Reply{{Code: "535", Msg: "5.7.8 Authentication credentials invalid"},
					{Code: "550", Msg: "5.1.1 mailbox unavailable"}, {Code: "552", Msg: "5.3.4 message too big"},
					{Code: "554", Msg: "5.7.1 rejected as spam"}},
				Secrets: []string{password},
			})
			for _, m := range f.Got() {
				if !m.TLS {
					t.Error("a mail travelled without TLS")
				}
			}
			if v := f.Violations(); len(v) > 0 {
				t.Errorf("violations: %q", v)
			}
		})
	}
}

func TestWrongPasswordIsPermanentAndSecret(t *testing.T) {
	f := fake.NewSMTP(t, user, "another-password", false)
	ch := newChannel(t, f, false, StartTLS)
	retry, err := ch.Send(context.Background(), channeltest.TestMessage("x"))
	if err == nil || retry || !strings.Contains(err.Error(), "535") {
		t.Fatalf("Send = %v, %v; want permanent 535", retry, err)
	}
	if strings.Contains(err.Error(), password) {
		t.Errorf("error leaks the password: %v", err)
	}
}

func TestUntrustedCertificateIsPermanent(t *testing.T) {
	f := fake.NewSMTP(t, user, password, false)
	ch, _ := New(Config{Name: "mail", Host: "127.0.0.1", Port: f.Port, Username: user, Password: password,
		From: "a@example.com", To: []string{"b@example.com"}})
	retry, err := ch.Send(context.Background(), channeltest.TestMessage("x"))
	if err == nil || retry {
		t.Fatalf("Send = %v, %v; want a permanent certificate error", retry, err)
	}
}

func chart(t testing.TB) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 40, 20)))
	return b.Bytes()
}

// TestMIMEStructure checks the tree of an alert mail with a chart:
// alternative(text/plain, related(text/html, image/png)).
func TestMIMEStructure(t *testing.T) {
	f := fake.NewSMTP(t, user, password, false)
	ch := newChannel(t, f, false, StartTLS)
	img := chart(t)
	start := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	m := &notifier.Message{ID: "18e9e0954a08e75c0000", Kind: notifier.KindAlert, Alerts: []notifier.Alert{{
		Host: "web1", Rule: "cpu", Metric: "cpu", Severity: notifier.Critical, Value: 95, Threshold: 90, Peak: 97, Unit: "%",
		Start: start, At: start.Add(5 * time.Minute), Chart: img}}}
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	raw := f.Got()[0].Data
	for i, l := range strings.Split(string(raw), "\r\n") {
		if len(l) > 998 {
			t.Errorf("line %d is %d characters", i+1, len(l))
		}
		if strings.Contains(l, "\n") {
			t.Errorf("line %d has a bare LF", i+1)
		}
	}
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if e.Header.Get("MIME-Version") != "1.0" || e.Header.Get("Message-Id") != "<18e9e0954a08e75c0000@localhost>" {
		t.Errorf("headers: MIME-Version %q, Message-Id %q", e.Header.Get("MIME-Version"), e.Header.Get("Message-Id"))
	}
	if subj := e.Header.Get("Subject"); !strings.HasPrefix(subj, "[CRITICAL] web1") {
		t.Errorf("Subject %q", subj)
	}
	var tree []string
	var cid, htmlBody string
	var gotImg []byte
	var walk func(e *message.Entity, depth int)
	walk = func(e *message.Entity, depth int) {
		ct, params, _ := e.Header.ContentType()
		node := strings.Repeat("  ", depth) + ct
		if ct == "multipart/related" {
			node += " type=" + params["type"]
		}
		if strings.HasPrefix(ct, "text/") {
			node += " charset=" + params["charset"]
		}
		tree = append(tree, node)
		if mr := e.MultipartReader(); mr != nil {
			for {
				p, err := mr.NextPart()
				if err != nil {
					break
				}
				walk(p, depth+1)
			}
			return
		}
		b, _ := io.ReadAll(e.Body)
		switch ct {
		case "text/html":
			htmlBody = string(b)
		case "image/png":
			gotImg = b
			cid = e.Header.Get("Content-Id")
			if d, _, _ := e.Header.ContentDisposition(); d != "inline" {
				t.Errorf("image disposition %q", d)
			}
		}
	}
	walk(e, 0)
	want := "multipart/alternative\n  text/plain charset=utf-8\n  multipart/related type=text/html\n    text/html charset=utf-8\n    image/png"
	if got := strings.Join(tree, "\n"); got != want {
		t.Errorf("MIME tree:\n%s\nwant:\n%s", got, want)
	}
	if !bytes.Equal(gotImg, img) {
		t.Error("inline image differs from the chart")
	}
	if !strings.HasPrefix(cid, "<") || !strings.Contains(htmlBody, `src="cid:`+strings.Trim(cid, "<>")+`"`) {
		t.Errorf("Content-ID %q not referenced as cid: in the HTML", cid)
	}
}

func TestRedactorHidesThePlainAuthBlob(t *testing.T) {
	c, err := New(Config{Name: "m", Host: "smtp", Username: "alice", Password: "s3cret-pw", From: "a@b", To: []string{"c@d"}})
	if err != nil {
		t.Fatal(err)
	}
	blob := base64.StdEncoding.EncodeToString([]byte("\x00alice\x00s3cret-pw"))
	got := c.redact.String("535 5.7.8 bad credentials: AUTH PLAIN " + blob + " (password s3cret-pw)")
	if strings.Contains(got, blob) || strings.Contains(got, "s3cret-pw") {
		t.Errorf("redacted = %q", got)
	}
}
