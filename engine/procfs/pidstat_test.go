package procfs

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParsePidStat(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    PidStat
		wantErr bool
	}{
		{"plain", "42 (sshd) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 555 1000 250 18446744073709551615 0 0",
			PidStat{PID: 42, Comm: "sshd", State: 'S', UTime: 7, STime: 3, StartTime: 555, RSSPages: 250}, false},
		{"name with spaces and parens", "7 (my (odd) name) R 1 7 7 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 9 0 3 0",
			PidStat{PID: 7, Comm: "my (odd) name", State: 'R', UTime: 1, STime: 2, StartTime: 9, RSSPages: 3}, false},
		{"truncated", "7 (x) R 1 7", PidStat{}, true},
		{"no name", "7 x R 1 7 7 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 9 0 3 0", PidStat{}, true},
		{"bad number", "7 (x) R 1 7 7 0 -1 0 0 0 0 0 zz 2 0 0 20 0 1 0 9 0 3 0", PidStat{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePidStat([]byte(tt.line))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestAfterNameSplitsAsFields: the allocation-free split gives the first
// 22 fields bytes.Fields gives, for random text with ASCII and Unicode
// spaces.
func TestAfterNameSplitsAsFields(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"1", "23", "x", " ", "  ", "\t", "\n", "\v", "\u00a0", "\u0085", "é", "\u2003"}
	for range 5000 {
		var sb strings.Builder
		for range r.IntN(60) {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		b := []byte(sb.String())
		var f [22][]byte
		n := afterName(b, &f)
		want := bytes.Fields(b)
		want = want[:min(len(want), 22)]
		if n != len(want) {
			t.Fatalf("%q: %d fields, want %d", b, n, len(want))
		}
		for i := range want {
			if !bytes.Equal(f[i], want[i]) {
				t.Fatalf("%q: field %d %q, want %q", b, i, f[i], want[i])
			}
		}
	}
}
