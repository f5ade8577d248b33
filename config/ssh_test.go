package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSSHSection(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want SSH
		errs []string
	}{
		{"default", "", SSH{MaxLogins: 8}, nil},
		{"set", "[ssh]\nmax_logins = 2\n", SSH{MaxLogins: 2}, nil},
		{"beside a host's ssh", "[ssh]\nmax_logins = 3\n[[hosts]]\nname = \"web\"\nssh = \"root@web:22\"\n", SSH{MaxLogins: 3}, nil},
		{"zero", "interval = \"10s\"\n[ssh]\nmax_logins = 0\n", SSH{}, []string{
			"c.toml:3: ssh.max_logins: expected a whole number from 1 to 1000, got 0"}},
		{"typo", "[ssh]\nmax_login = 4\n", SSH{}, []string{
			`c.toml:2: ssh.max_login: unknown key (did you mean "max_logins"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("c.toml", []byte(tt.doc))
			if tt.errs == nil {
				if err != nil {
					t.Fatal(err)
				}
				if c.SSH != tt.want {
					t.Errorf("ssh %+v, want %+v", c.SSH, tt.want)
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

func TestSSHSaveRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	c := Default()
	c.SSH.MaxLogins = 20
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	got, err := Parse(path, b)
	if err != nil || got.SSH.MaxLogins != 20 {
		t.Errorf("round trip: %+v, %v\n%s", got.SSH, err, b)
	}
}
