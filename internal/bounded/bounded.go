// Package bounded keeps what a host sends within limits: text cut to a
// length on a rune boundary with control characters and invalid UTF-8
// dropped, and a command's output captured up to a size. The collectors
// of containers, systemd units and GPUs read such text from local
// commands and from remote hosts alike.
package bounded

import (
	"bytes"
	"errors"
	"strings"
	"unicode"
)

// Text returns s without control characters or invalid UTF-8, cut to at
// most max bytes on a rune boundary.
func Text(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut]
}

// ErrTooLong is what Buffer's Write returns past its limit.
var ErrTooLong = errors.New("output too long")

// Buffer keeps at most Max bytes of what is written to it and notes the
// excess (Over). It does not embed bytes.Buffer: io.Copy would use the
// buffer's ReadFrom and read past Max. Its error past the limit stops
// exec's copy and closes the pipe, so the writer gets SIGPIPE instead of
// running on until its timeout.
type Buffer struct {
	Max  int
	buf  bytes.Buffer
	over bool
}

func (b *Buffer) Write(p []byte) (int, error) {
	if room := b.Max - b.buf.Len(); len(p) > room {
		b.over = true
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return 0, ErrTooLong
	}
	return b.buf.Write(p)
}

// Over reports whether more than Max bytes were written.
func (b *Buffer) Over() bool { return b.over }

// Bytes returns what was kept.
func (b *Buffer) Bytes() []byte { return b.buf.Bytes() }

// String returns what was kept.
func (b *Buffer) String() string { return b.buf.String() }
