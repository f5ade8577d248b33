package termsafe

import (
	"bytes"
	"fmt"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "nginx: worker process", "nginx: worker process"},
		{"unicode kept", "进程 😀 é", "进程 😀 é"},
		{"escape", "a\x1b[31mred\x1b[0m", `a\x1b[31mred\x1b[0m`},
		{"osc title", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"newline tab cr", "a\nb\tc\rd", `a\nb\tc\rd`},
		{"nul del", "a\x00b\x7f", `a\x00b\x7f`},
		{"c1 csi", "a\u009b31m", `a\u009b31m`},
		{"invalid utf8", "a\xff\xfeb", `a\xff\xfeb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTextKeepsLines(t *testing.T) {
	if got, want := Text("a\tb\nc\x1bd\re"), "a\tb\nc\\x1bd\\re"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := Writer{W: &b}
	n, err := fmt.Fprintf(w, "HOST\tERROR\nweb1\t%s\n", "boom\x1b[2J")
	if err != nil || n != len("HOST\tERROR\nweb1\tboom\x1b[2J\n") {
		t.Fatalf("Fprintf = %d, %v", n, err)
	}
	if got, want := b.String(), "HOST\tERROR\nweb1\tboom\\x1b[2J\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
