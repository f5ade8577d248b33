package fake

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is a message the SMTP server accepted.
type Mail struct {
	From string
	To   []string
	Data []byte
	// TLS tells whether the session was encrypted when AUTH and DATA
	// happened.
	TLS bool
}

// SMTP is a real SMTP server (github.com/emersion/go-smtp) on 127.0.0.1
// with a throwaway certificate, STARTTLS (or implicit TLS) and AUTH PLAIN
// that it refuses over an unencrypted connection.
type SMTP struct {
	*scripter
	Addr     string
	Port     int
	CA       *x509.CertPool
	User     string
	Password string
	server   *smtp.Server
	mu       sync.Mutex
	got      []Mail
	stop     chan struct{}
}

type scripter struct {
	mu         sync.Mutex
	script     []Reply
	violations []string
}

// Script queues replies for the next transactions.
func (s *scripter) Script(rs ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, rs...)
}

func (s *scripter) next() (Reply, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.script) == 0 {
		return Reply{}, false
	}
	r := s.script[0]
	s.script = s.script[1:]
	return r, true
}

func (s *scripter) peek() (Reply, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.script) == 0 {
		return Reply{}, false
	}
	return s.script[0], true
}

func (s *scripter) violate(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, v)
}

// Violations returns the contract violations seen.
func (s *scripter) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// NewSMTP starts a server; implicit selects TLS from the first byte (port
// 465 style) instead of STARTTLS (587).
func NewSMTP(t testing.TB, user, password string, implicit bool) *SMTP {
	cert, pool := selfSigned(t)
	f := &SMTP{scripter: &scripter{}, User: user, Password: password, CA: pool, stop: make(chan struct{})}
	s := smtp.NewServer(f)
	s.Domain = "localhost"
	s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.MaxMessageBytes = 10 << 20
	s.AllowInsecureAuth = false
	var l net.Listener
	var err error
	if implicit {
		l, err = tls.Listen("tcp", "127.0.0.1:0", s.TLSConfig)
	} else {
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	f.server = s
	f.Addr = l.Addr().String()
	_, port, _ := net.SplitHostPort(f.Addr)
	f.Port, _ = strconv.Atoi(port)
	go s.Serve(l)
	t.Cleanup(func() {
		close(f.stop)
		s.Close()
	})
	return f
}

// Got returns the accepted mails.
func (f *SMTP) Got() []Mail {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Mail(nil), f.got...)
}

// NewSession is go-smtp's Backend.
func (f *SMTP) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{f: f, conn: c}, nil
}

type session struct {
	f      *SMTP
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

func (s *session) tls() bool {
	_, ok := s.conn.TLSConnectionState()
	return ok
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	if !s.tls() {
		s.f.violate("AUTH before TLS")
	}
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if rep, ok := s.f.peek(); ok && rep.Code == "535" {
			s.f.next()
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: msgOr(rep.Msg, "5.7.8 Authentication credentials invalid")}
		}
		if user != s.f.User || pass != s.f.Password {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func msgOr(m, def string) string {
	if m != "" {
		return m
	}
	return def
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed && s.f.User != "" {
		s.f.violate("MAIL before AUTH")
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if rep, ok := s.f.next(); ok {
		if rep.Hang {
			select {
			case <-s.f.stop:
			case <-time.After(30 * time.Second):
			}
			return errors.New("hung")
		}
		code, _ := strconv.Atoi(rep.Code)
		return &smtp.SMTPError{Code: code, Message: msgOr(rep.Msg, "scripted failure")}
	}
	s.f.mu.Lock()
	s.f.got = append(s.f.got, Mail{From: s.from, To: s.to, Data: b, TLS: s.tls()})
	s.f.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and localhost and a pool
// that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, IsCA: true, BasicConstraintsValid: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}
