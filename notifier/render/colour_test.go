package render

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"lookout/notifier"
)

// TestOneValueOneColour: within an item, the same figure has the same
// colour on every line (the headline's value, the peak when equal, the
// usage line's figure of the alert's own metric).
func TestOneValueOneColour(t *testing.T) {
	at := time.Date(2026, 12, 1, 14, 2, 0, 0, time.UTC)
	tests := []struct {
		name string
		a    notifier.Alert
	}{
		// 85 % is a red grade but a warning alert: it is orange everywhere.
		{"warning cpu at a red grade", notifier.Alert{Host: "a", Rule: "cpu", Metric: "cpu", Severity: notifier.Warning, Value: 85, Threshold: 80, Peak: 85,
			Unit: "%", Start: at, At: at, Usage: &notifier.Usage{CPU: 85, Mem: 85, Swap: 1, Disk: 10, DiskMount: "/"}}},
		{"critical disk", notifier.Alert{Host: "a", Rule: "disk:/data", Metric: "disk:/data", Severity: notifier.Critical, Value: 50, Threshold: 45, Peak: 50,
			Unit: "%", Start: at, At: at, Usage: &notifier.Usage{CPU: 50, Mem: 2, Swap: 1, Disk: 50, DiskMount: "/data"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Build(&notifier.Message{Kind: notifier.KindAlert, Created: at, Alerts: []notifier.Alert{tt.a}}, Options{})
			it := doc.Sections[0].Items[0]
			want := sevLevel(tt.a.Severity)
			head := value(tt.a.Value, tt.a.Unit)
			own := map[string]bool{} // the alert's own figure on the usage line follows its name
			for li, l := range it.Lines {
				for si, sp := range l {
					if sp.Text != head {
						continue
					}
					isOwn := li == 0 || (si > 0 && strings.HasPrefix(l[si-1].Text, ruleName(tt.a, EN)+" ")) ||
						(si > 0 && strings.Contains(l[si-1].Text, "peak"))
					if isOwn && sp.Level != want {
						t.Errorf("line %d: %q has level %v, want %v", li, sp.Text, sp.Level, want)
					}
					own[l.Plain()] = true
				}
			}
			if len(own) < 3 {
				t.Errorf("the value shows on %d lines, want 3 (headline, peak, usage)", len(own))
			}
		})
	}
}

var wecomFont = regexp.MustCompile(`<font color="(\w+)">(?:\*\*)?([^<*]+)(?:\*\*)?</font>`)

// TestWeComColours: WeCom has green, grey and orange. A warning is
// orange, never grey; a critical is orange in bold; a resolution green;
// and one value never shows in two colours in a message.
func TestWeComColours(t *testing.T) {
	ms := lifeMessages()
	tests := []struct {
		name, msg string
		want      []string
	}{
		{"critical is bold orange", "firing", []string{`<font color="warning">**CRITICAL**</font>`, `<font color="warning">**96.1%**</font>`}},
		{"warning is orange", "downgrade", []string{`<font color="warning">**WARNING**</font>`, `<font color="warning">91.5%</font>`}},
		{"resolved is green", "resolved", []string{`<font color="info">**RESOLVED**</font>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := WeComMarkdown(Build(ms[tt.msg], Options{Location: time.UTC}), 4096)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %s:\n%s", w, out)
				}
			}
			colours := map[string]string{}
			for _, m := range wecomFont.FindAllStringSubmatch(out, -1) {
				if c, ok := colours[m[2]]; ok && c != m[1] {
					t.Errorf("%q is %s and %s", m[2], c, m[1])
				}
				colours[m[2]] = m[1]
			}
			if strings.Contains(tt.msg, "downgrade") && strings.Contains(out, `<font color="comment">91.5%`) {
				t.Errorf("a warning shows grey:\n%s", out)
			}
		})
	}
}
