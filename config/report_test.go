package config

import (
	"strings"
	"testing"
	"time"
)

func TestReportSection(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		wantErr string // "" means valid
	}{
		{name: "defaults", doc: ""},
		{name: "full", doc: "[report]\nperiod = \"12h\"\nevery = \"6h\"\nat = [\"09:00\", \"18:30\"]\nchannels = [\"ops-wecom\"]\ncharts = [\"cpu\", \"disk_max\"]\n"},
		{name: "period too short", doc: "[report]\nperiod = \"10s\"\n", wantErr: "lookout.toml:2: report.period: expected a duration from 1m to 168h"},
		{name: "every too often", doc: "[report]\nevery = \"1m\"\n", wantErr: "lookout.toml:2: report.every: expected \"0s\" (off)"},
		{name: "bad time of day", doc: "[report]\nat = [\"9am\"]\n", wantErr: "lookout.toml:2: report.at: expected times of day"},
		{name: "hour 24", doc: "[report]\nat = [\"24:00\"]\n", wantErr: "report.at"},
		{name: "twice", doc: "[report]\nat = [\"09:00\", \"09:00\"]\n", wantErr: "listed twice"},
		{name: "bad channel", doc: "[report]\nchannels = [\"a b\"]\n", wantErr: "report.channels"},
		{name: "unknown host", doc: "[report]\nhosts = [\"nope\"]\n", wantErr: "lookout.toml:2: report.hosts: no host \"nope\""},
		{name: "unknown chart", doc: "[report]\ncharts = [\"gpu\"]\n", wantErr: "report.charts"},
		{name: "typo", doc: "[report]\nevry = \"6h\"\n", wantErr: `did you mean "every"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("lookout.toml", []byte(tt.doc))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if c.Report.Period == 0 {
					t.Error("no default period")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
	c, _ := Parse("x.toml", []byte("[report]\nevery = \"6h\"\nat = [\"09:00\"]\n"))
	if time.Duration(c.Report.Every) != 6*time.Hour || c.Report.ReportSchedule() != "every 6h0m0s and at [09:00]" {
		t.Errorf("got %+v (%s)", c.Report, c.Report.ReportSchedule())
	}
}
