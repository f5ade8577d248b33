// Package email sends messages by SMTP: an HTML body with the charts
// inline and a plain-text alternative, over implicit TLS (port 465) or
// STARTTLS (port 587, required: credentials never travel in clear), with
// AUTH PLAIN.
//
// The MIME tree is the one the contract (RFC 2046/2387/2392) describes:
//
//	multipart/alternative
//	├── text/plain; charset=utf-8            (quoted-printable)
//	└── multipart/related; type="text/html"
//	    ├── text/html; charset=utf-8         <img src="cid:chart1.ID@lookout">
//	    └── image/png  Content-ID: <chart1.ID@lookout>, inline
//
// It is built with github.com/emersion/go-message (which writes any
// nesting, encodes bodies and RFC 2047 headers) and sent with
// github.com/emersion/go-smtp's client. wneessen/go-mail was the first
// candidate, but it always nests the other way round (related around
// alternative), so the text part would carry the images too.
//
// A 4xx reply or a network failure is retried; a 5xx reply (535 bad
// credentials, 550 no such mailbox, 552/554 refused) is permanent. The
// Message-ID is derived from the outbox ID, so a retry is the same mail.
package email

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"lookout/notifier"
	"lookout/notifier/imagefit"
	"lookout/notifier/internal/httpx"
	"lookout/notifier/render"
)

// Security is how the connection is protected.
type Security string

// Securities.
const (
	// Auto is implicit TLS on port 465 and STARTTLS elsewhere.
	Auto Security = ""
	// TLS connects with TLS from the first byte (port 465).
	TLS Security = "tls"
	// StartTLS connects in clear and upgrades; a server that does not
	// offer STARTTLS is refused.
	StartTLS Security = "starttls"
	// None sends in clear, without AUTH: for a relay on this machine.
	None Security = "none"
)

// Config is an SMTP account.
type Config struct {
	Name     string
	Host     string
	Port     int // 465 or 587 usually; 587 when 0
	Security Security
	Username string
	Password string
	From     string
	To       []string
	// MaxImages is how many charts are inlined (default 4).
	MaxImages int
	Render    render.Options
	// TLSConfig overrides the TLS settings (tests give their own CA).
	TLSConfig *tls.Config
	// Hostname is sent in EHLO and used in Message-IDs (default
	// "localhost").
	Hostname string
}

// Channel is an SMTP mailbox.
type Channel struct {
	cfg    Config
	from   *mail.Address
	to     []*mail.Address
	redact notifier.Redactor
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	if c.Host == "" {
		return nil, errors.New("email: host: the SMTP server is required")
	}
	if c.Port == 0 {
		c.Port = 587
	}
	if c.Security == Auto {
		c.Security = StartTLS
		if c.Port == 465 {
			c.Security = TLS
		}
	}
	if c.Security == None && c.Username != "" {
		return nil, errors.New("email: security: a password is never sent without TLS")
	}
	from, err := mail.ParseAddress(c.From)
	if err != nil {
		return nil, fmt.Errorf("email: from: %w", err)
	}
	if len(c.To) == 0 {
		return nil, errors.New("email: to: at least one recipient is required")
	}
	ch := &Channel{cfg: c, from: from, redact: redactor(c.Username, c.Password)}
	for _, t := range c.To {
		a, err := mail.ParseAddress(t)
		if err != nil {
			return nil, fmt.Errorf("email: to: %q: %w", t, err)
		}
		ch.to = append(ch.to, a)
	}
	if ch.cfg.MaxImages == 0 {
		ch.cfg.MaxImages = 4
	}
	if ch.cfg.Hostname == "" {
		ch.cfg.Hostname = "localhost"
	}
	return ch, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

// Compose writes m as a MIME message.
func (c *Channel) Compose(m *notifier.Message, now time.Time) ([]byte, error) {
	doc := render.Build(m, c.cfg.Render)
	imgs := m.Images()
	imgs = imgs[:min(len(imgs), c.cfg.MaxImages)]
	id := m.ID
	if id == "" {
		id = strconv.FormatInt(now.UnixNano(), 16)
	}
	type inline struct {
		cid  string
		data []byte
		f    imagefit.Format
	}
	var inl []inline
	var cids []string
	for i, img := range imgs {
		f := imagefit.Sniff(img)
		if f == "" {
			continue
		}
		cid := fmt.Sprintf("chart%d.%s@lookout", i+1, id)
		inl = append(inl, inline{cid, img, f})
		cids = append(cids, cid)
	}

	var h gomail.Header
	h.SetDate(now)
	h.SetAddressList("From", []*gomail.Address{{Name: c.from.Name, Address: c.from.Address}})
	var to []*gomail.Address
	for _, a := range c.to {
		to = append(to, &gomail.Address{Name: a.Name, Address: a.Address})
	}
	h.SetAddressList("To", to)
	h.SetSubject(doc.Title)
	h.SetMessageID(id + "@" + c.cfg.Hostname)
	h.Set("MIME-Version", "1.0")
	h.Set("X-Mailer", "Lookout")
	h.SetContentType("multipart/alternative", nil)

	var buf bytes.Buffer
	w, err := message.CreateWriter(&buf, h.Header)
	if err != nil {
		return nil, err
	}
	var ph message.Header
	ph.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	ph.Set("Content-Transfer-Encoding", "quoted-printable")
	if err := writePart(w, ph, []byte(render.Text(doc, 0))); err != nil {
		return nil, err
	}
	var rh message.Header
	rh.SetContentType("multipart/related", map[string]string{"type": "text/html"})
	rw, err := w.CreatePart(rh)
	if err != nil {
		return nil, err
	}
	var hh message.Header
	hh.SetContentType("text/html", map[string]string{"charset": "utf-8"})
	hh.Set("Content-Transfer-Encoding", "quoted-printable")
	if err := writePart(rw, hh, []byte(render.HTML(doc, cids))); err != nil {
		return nil, err
	}
	for i, im := range inl {
		var ih message.Header
		name := fmt.Sprintf("chart%d.%s", i+1, map[imagefit.Format]string{imagefit.PNG: "png", imagefit.JPEG: "jpg"}[im.f])
		ih.SetContentType("image/"+string(im.f), map[string]string{"name": name})
		ih.Set("Content-Transfer-Encoding", "base64")
		ih.Set("Content-ID", "<"+im.cid+">")
		ih.SetContentDisposition("inline", map[string]string{"filename": name})
		if err := writePart(rw, ih, im.data); err != nil {
			return nil, err
		}
	}
	if err := rw.Close(); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writePart(w *message.Writer, h message.Header, body []byte) error {
	pw, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := pw.Write(body); err != nil {
		return err
	}
	return pw.Close()
}

// redactor hides the password, and the AUTH PLAIN blob that carries it
// (a server that echoes the command shows it base64-encoded).
func redactor(user, password string) notifier.Redactor {
	if password == "" {
		return notifier.Redactor{}
	}
	return notifier.NewRedactor(password, base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00"+password)))
}

// Send delivers m to every recipient in one SMTP transaction.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	ctx = notifier.RedactReplies(ctx, c.redact)
	raw, err := c.Compose(m, time.Now())
	if err != nil {
		return false, fmt.Errorf("email: %w", err)
	}
	retry, err := c.send(ctx, raw)
	return retry, c.redact.Error(err)
}

func (c *Channel) tlsConfig() *tls.Config {
	if c.cfg.TLSConfig != nil {
		t := c.cfg.TLSConfig.Clone()
		if t.ServerName == "" {
			t.ServerName = c.cfg.Host
		}
		return t
	}
	return &tls.Config{ServerName: c.cfg.Host, MinVersion: tls.VersionTLS12}
}

func (c *Channel) send(ctx context.Context, raw []byte) (bool, error) {
	addr := net.JoinHostPort(c.cfg.Host, strconv.Itoa(c.cfg.Port))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return true, &notifier.ServiceError{Service: "smtp", Msg: httpx.Describe(err)}
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()

	var cl *smtp.Client
	switch c.cfg.Security {
	case TLS:
		tc := tls.Client(conn, c.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			return httpx.Retryable(err), &notifier.ServiceError{Service: "smtp", Msg: "TLS: " + httpx.Describe(err)}
		}
		cl = smtp.NewClient(tc)
	case StartTLS:
		cl, err = smtp.NewClientStartTLS(conn, c.tlsConfig())
		if err != nil {
			return classify(err, "STARTTLS")
		}
	default:
		cl = smtp.NewClient(conn)
	}
	defer cl.Close()
	if c.cfg.Security != StartTLS { // STARTTLS has already said EHLO
		if err := cl.Hello(c.cfg.Hostname); err != nil {
			return classify(err, "EHLO")
		}
	}
	if c.cfg.Username != "" {
		if err := cl.Auth(sasl.NewPlainClient("", c.cfg.Username, c.cfg.Password)); err != nil {
			return classify(err, "AUTH")
		}
	}
	var to []string
	for _, a := range c.to {
		to = append(to, a.Address)
	}
	if err := cl.Mail(c.from.Address, nil); err != nil {
		return classify(err, "MAIL FROM")
	}
	for _, t := range to {
		if err := cl.Rcpt(t, nil); err != nil {
			return classify(err, "RCPT TO "+t)
		}
	}
	wc, err := cl.Data()
	if err != nil {
		return classify(err, "DATA")
	}
	if _, err := io.Copy(wc, bufio.NewReader(bytes.NewReader(raw))); err != nil {
		return classify(err, "DATA")
	}
	resp, err := wc.CloseWithResponse()
	if err != nil {
		return classify(err, "DATA")
	}
	if resp != nil {
		notifier.Reply(ctx, fmt.Sprintf("250 %s", resp.StatusText))
	}
	cl.Quit()
	return false, nil
}

// classify turns an SMTP or network error into a ServiceError: 4xx
// replies and network failures are retryable, 5xx replies are not.
func classify(err error, step string) (bool, error) {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		msg := strings.TrimSpace(se.Message)
		return se.Temporary(), &notifier.ServiceError{Service: "smtp", Status: se.Code, Code: strconv.Itoa(se.Code),
			Msg: step + ": " + msg}
	}
	var ce *tls.CertificateVerificationError
	if errors.As(err, &ce) {
		return false, &notifier.ServiceError{Service: "smtp", Msg: step + ": " + httpx.Describe(err)}
	}
	return true, &notifier.ServiceError{Service: "smtp", Msg: step + ": " + httpx.Describe(err)}
}
