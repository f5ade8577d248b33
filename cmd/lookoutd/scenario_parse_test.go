//go:build linux

package main

import (
	"os"
	"reflect"
	"testing"
	"time"
)

// TestParseMarkdown reads the alert lines of the renderer's own goldens,
// so that the scenario's reading of the robots follows their format
// (a rule is read up to its first space: Lookout's keys have none).
func TestParseMarkdown(t *testing.T) {
	for _, tc := range []struct {
		name, file string
	}{
		{"wecom", "../../notifier/render/testdata/en-wecom.md"},
		{"dingtalk", "../../notifier/render/testdata/en-dingtalk.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range parseMarkdown(string(b), time.Time{}) {
				got = append(got, it.Key+" "+it.State)
			}
			if want := []string{"web1/cpu critical", "db1/disk resolved"}; !reflect.DeepEqual(got, want) {
				t.Errorf("alert lines = %q, want %q", got, want)
			}
		})
	}
	for _, tc := range []struct{ name, line, want string }{
		{"condition", "🔴 **CRITICAL** **db** · Unreachable", "db/unreachable critical"},
		{"mount", `<font color="info">**RESOLVED**</font> **web\_2** · Disk /data: 70.0%`, "web_2/disk:/data resolved"},
	} {
		its := parseMarkdown(tc.line, time.Time{})
		if len(its) != 1 || its[0].Key+" "+its[0].State != tc.want {
			t.Errorf("%s: %q → %+v, want %s", tc.name, tc.line, its, tc.want)
		}
	}
}
