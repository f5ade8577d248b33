package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestHistoryAndPrometheusKeys(t *testing.T) {
	doc := `
[history]
dir = "/var/lib/lookout"
raw_retention = "24h"
minute_retention = "168h"
max_size = "500MB"

[[hosts]]
name = "db"
prometheus = "http://127.0.0.1:9100/metrics"

[[hosts]]
name = "fleet"
promql = "https://prometheus.example:9090"
`
	c, err := Parse("ok.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	h := c.History
	if !h.Enabled || h.Dir != "/var/lib/lookout" || h.RawRetention != Duration(24*time.Hour) ||
		h.MinuteRetention != Duration(168*time.Hour) || h.TenMinuteRetention != Duration(8760*time.Hour) || h.MaxSize != 500e6 {
		t.Errorf("history = %+v", h)
	}
	if c.Hosts[0].Prometheus == "" || !c.Hosts[1].ViaPrometheus() {
		t.Errorf("hosts = %+v", c.Hosts)
	}
}

func TestHistoryAndPrometheusErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"relative dir", "[history]\ndir = \"data\"\n",
			[]string{`x.toml:2: history.dir: expected an absolute path, got "data"`}},
		{"raw too short", "[history]\nraw_retention = \"10m\"\n",
			[]string{`x.toml:2: history.raw_retention: expected a duration from 1h0m0s to 2160h0m0s, got 10m0s`}},
		{"bad size", "[history]\nmax_size = \"lots\"\n",
			[]string{`x.toml:2: history.max_size: expected a size such as "500MB" or "2GiB", got "lots"`}},
		{"tiny size", "[history]\nmax_size = \"10KB\"\n",
			[]string{`x.toml:2: history.max_size: expected at least 1MB (or 0 for no cap), got 10000 bytes`}},
		{"bad url hides the password", "[[hosts]]\nname = \"a\"\nprometheus = \"ftp://u:secret@h/metrics\"\n",
			[]string{`x.toml:3: hosts[0].prometheus: expected an http:// or https:// URL such as "http://host:9100/metrics"`}},
		{"two ways", "[[hosts]]\nname = \"a\"\nlocal = true\npromql = \"http://p:9090\"\n",
			[]string{`x.toml:1: hosts[0]: choose one of local, ssh, agent, prometheus and promql`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.toml", []byte(tt.doc))
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %v, want Errors", err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
