package human

import (
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"bytes", Bytes(512), "512 B"},
		{"kib", Bytes(1536), "1.5 KiB"},
		{"gib", Bytes(3 << 30), "3.0 GiB"},
		{"big", Bytes(250 << 30), "250 GiB"},
		{"rate", Rate(1 << 20), "1.0 MiB/s"},
		{"percent", Percent(42), "42.0 %"},
		{"seconds", Duration(45 * time.Second), "45s"},
		{"minutes", Duration(12*time.Minute + 5*time.Second), "12m"},
		{"hours", Duration(3*time.Hour + 20*time.Minute), "3h 20m"},
		{"days", Duration(50 * time.Hour), "2d 2h"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
