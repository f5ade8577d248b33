package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNotifySection(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want Notify
		errs []string
	}{
		{"defaults", "", Notify{GroupWait: Duration(10 * time.Second), GroupInterval: Duration(time.Minute)}, nil},
		{"set", "[notify]\ngroup_wait = \"30s\"\ngroup_interval = \"5m\"\n", Notify{GroupWait: Duration(30 * time.Second), GroupInterval: Duration(5 * time.Minute)}, nil},
		{"off", "[notify]\ngroup_wait = \"0s\"\ngroup_interval = \"0s\"\n", Notify{}, nil},
		{"one key keeps the other's default", "[notify]\ngroup_wait = \"1s\"\n", Notify{GroupWait: Duration(time.Second), GroupInterval: Duration(time.Minute)}, nil},
		{"out of range", "interval = \"10s\"\n[notify]\ngroup_wait = \"6m\"\ngroup_interval = \"2h\"\n", Notify{}, []string{
			"c.toml:3: notify.group_wait: expected a duration from 0s to 5m, got 6m0s",
			"c.toml:4: notify.group_interval: expected a duration from 0s to 1h, got 2h0m0s"}},
		{"typo", "[notify]\ngroup_wai = \"10s\"\n", Notify{}, []string{
			`c.toml:2: notify.group_wai: unknown key (did you mean "group_wait"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("c.toml", []byte(tt.doc))
			if tt.errs == nil {
				if err != nil {
					t.Fatal(err)
				}
				if c.Notify != tt.want {
					t.Errorf("notify %+v, want %+v", c.Notify, tt.want)
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
