package render

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/notifier"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func sample() *notifier.Message {
	start := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	return &notifier.Message{Kind: notifier.KindAlert, Created: start.Add(5 * time.Minute), Alerts: []notifier.Alert{
		{Host: "web1", Rule: "cpu high", Metric: "cpu", Severity: notifier.Critical, Value: 95.2, Threshold: 90, Peak: 97.4, Unit: "%",
			Start: start, At: start.Add(5 * time.Minute), Usage: &notifier.Usage{CPU: 95.2, Mem: 41, Swap: 0, Disk: 71, DiskMount: "/"},
			TopCPU: []notifier.Proc{{PID: 1234, Name: "python<3>", CPU: 80.1, RSS: 1 << 30}}, TopMem: []notifier.Proc{{PID: 99, Name: "java_*x*", CPU: 9, RSS: 3 << 30}}},
		{Host: "db1", Rule: "disk", Metric: "disk:/data", Severity: notifier.Warning, Resolved: true, Value: 70, Threshold: 85, Peak: 88, Unit: "%",
			Start: start.Add(-time.Hour), At: start},
	}}
}

func TestGolden(t *testing.T) {
	for _, lang := range []Lang{EN, ZH} {
		doc := Build(sample(), Options{Lang: lang, Location: time.UTC})
		for name, out := range map[string]string{
			"wecom.md":      WeComMarkdown(doc, 4096),
			"dingtalk.md":   DingTalkMarkdown(doc, 4000),
			"telegram.html": TelegramHTML(doc, 4096),
			"slack.txt":     SlackText(doc, 4000),
			"discord.md":    DiscordDescription(doc, 4096),
			"lark.md":       LarkMarkdown(doc, 18000),
			"text.txt":      Text(doc, 0),
			"email.html":    HTML(doc, []string{"chart1.x@lookout"}),
		} {
			path := filepath.Join("testdata", string(lang)+"-"+name)
			if *update {
				os.MkdirAll("testdata", 0o755)
				os.WriteFile(path, []byte(out), 0o644)
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if out != string(want) {
				t.Errorf("%s differs:\n%s", path, out)
			}
		}
	}
}

func TestFitCutsWholeItems(t *testing.T) {
	tests := []struct {
		name  string
		items int
		limit int
		size  Size
	}{
		{"bytes", 200, 4096, Bytes},
		{"runes", 100, 2000, Runes},
		{"utf16", 100, 1024, UTF16},
		{"tiny limit", 3, 60, Bytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &notifier.Message{Kind: notifier.KindTest, Title: "标题", Text: strings.Repeat("一行文字 line of text 😀\n", tt.items)}
			doc := Build(m, Options{Lang: ZH})
			out := textStyle.render(doc, tt.limit, tt.size)
			if tt.size(out) > tt.limit {
				t.Fatalf("%d > %d", tt.size(out), tt.limit)
			}
			if !strings.Contains(out, "…还有") && tt.limit > 100 {
				t.Errorf("no 'more' line:\n%s", out)
			}
			for _, l := range strings.Split(out, "\n") {
				if l != "" && !strings.HasPrefix(l, "一行") && !strings.HasPrefix(l, "…") && !strings.HasPrefix(l, "标题") && !strings.HasPrefix(l, "--") {
					t.Errorf("a line was cut: %q", l)
				}
			}
		})
	}
}

func TestGrades(t *testing.T) {
	g := DefaultGrades
	for _, tt := range []struct {
		v    float64
		want Level
	}{{10, Low}, {30, Low}, {30.1, Mid}, {79.9, Mid}, {80, High}} {
		if got := g.Grade(tt.v); got != tt.want {
			t.Errorf("Grade(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
