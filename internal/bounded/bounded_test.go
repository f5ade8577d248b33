package bounded

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"nginx", 10, "nginx"},
		{"a\x1b[31mred\x00", 20, "a[31mred"},
		{"bad\xffutf8", 20, "badutf8"},
		{"服务器", 7, "服务"}, // 3 bytes a rune: 7 cuts inside the third
		{"abcdef", 3, "abc"},
	}
	for _, tt := range tests {
		if got := Text(tt.in, tt.max); got != tt.want {
			t.Errorf("Text(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestBuffer(t *testing.T) {
	b := &Buffer{Max: 8}
	n, err := io.Copy(b, strings.NewReader(strings.Repeat("x", 100)))
	if !errors.Is(err, ErrTooLong) || !b.Over() || b.String() != "xxxxxxxx" {
		t.Errorf("copied %d, err %v, over %v, kept %q", n, err, b.Over(), b.String())
	}
	b = &Buffer{Max: 8}
	if _, err := b.Write([]byte("12345678")); err != nil || b.Over() {
		t.Errorf("exactly Max bytes: err %v, over %v", err, b.Over())
	}
}
