package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOutboxSection(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want Outbox
		errs []string
	}{
		{"defaults", "", Outbox{MaxMessages: 1000, MaxAge: Duration(24 * time.Hour)}, nil},
		{"set", "[outbox]\nmax_messages = 50\nmax_age = \"2h\"\n", Outbox{MaxMessages: 50, MaxAge: Duration(2 * time.Hour)}, nil},
		{"one key keeps the other's default", "[outbox]\nmax_age = \"90m\"\n", Outbox{MaxMessages: 1000, MaxAge: Duration(90 * time.Minute)}, nil},
		{"out of range", "interval = \"10s\"\n[outbox]\nmax_messages = 0\nmax_age = \"200h\"\n", Outbox{}, []string{
			"c.toml:3: outbox.max_messages: expected a whole number from 10 to 100000, got 0",
			"c.toml:4: outbox.max_age: expected a duration from 1m to 168h, got 200h0m0s"}},
		{"typo", "[outbox]\nmax_mesages = 10\n", Outbox{}, []string{
			`c.toml:2: outbox.max_mesages: unknown key (did you mean "max_messages"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("c.toml", []byte(tt.doc))
			if tt.errs == nil {
				if err != nil {
					t.Fatal(err)
				}
				if c.Outbox != tt.want {
					t.Errorf("outbox %+v, want %+v", c.Outbox, tt.want)
				}
				return
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse error = %v", err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.errs, "\n"))
			}
		})
	}
}

func TestOutboxSaveRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	c := Default()
	c.Outbox.MaxMessages = 200
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	got, err := Parse(path, b)
	if err != nil || got.Outbox.MaxMessages != 200 || got.Outbox.MaxAge != Duration(24*time.Hour) {
		t.Errorf("round trip: %+v, %v\n%s", got.Outbox, err, b)
	}
}
