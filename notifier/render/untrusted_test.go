package render

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"lookout/notifier"
)

// hostile is what a compromised host can put in the names it reports:
// a line break, markdown (a link, emphasis, code, a heading, a quote), a
// WeCom <font> tag, an HTML tag and @-mentions.
const hostile = "evil\n# head\n> quote **bold** _it_ ~s~ `code` [x](http://evil.example) <font color=\"warning\">red</font> <b>tag</b> @all <@123> \x1b[31m"

func hostileMessage(name, mount string) *notifier.Message {
	start := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	return &notifier.Message{Kind: notifier.KindAlert, Created: start.Add(5 * time.Minute), Alerts: []notifier.Alert{
		{Host: "web1", Rule: "disk full", Metric: "disk:" + mount, Severity: notifier.Critical, Value: 95, Threshold: 90, Peak: 97, Unit: "%",
			Start: start, At: start.Add(5 * time.Minute), Usage: &notifier.Usage{CPU: 10, Mem: 41, Swap: 0, Disk: 95, DiskMount: mount},
			TopCPU: []notifier.Proc{{PID: 1234, Name: name, CPU: 80.1, RSS: 1 << 30}}},
	}}
}

// dialects renders d in every dialect.
func dialects(d Doc) map[string]string {
	return map[string]string{
		"wecom.md":      WeComMarkdown(d, 4096),
		"dingtalk.md":   DingTalkMarkdown(d, 4000),
		"telegram.html": TelegramHTML(d, 4096),
		"slack.txt":     SlackText(d, 4000),
		"discord.md":    DiscordDescription(d, 4096),
		"lark.md":       LarkMarkdown(d, 18000),
		"text.txt":      Text(d, 0),
		"email.html":    HTML(d, nil),
	}
}

// TestHostileNamesAreData renders a process name and a mount point full
// of markup in every dialect: the message has as many lines as with
// plain names, and none of the markup survives unescaped (goldens under
// testdata/hostile-*, rewritten with -update).
func TestHostileNamesAreData(t *testing.T) {
	o := Options{Lang: EN, Location: time.UTC}
	plain := dialects(Build(hostileMessage("evil", "/mnt/x"), o))
	got := dialects(Build(hostileMessage(hostile, "/mnt/"+hostile), o))
	// What must not survive, per dialect, anywhere and outside inline
	// code (where the chat shows text as it is). Plain text has no markup:
	// only its lines and the terminal escape matter.
	always := []string{"\x1b", "\n# head", "\n> quote"}
	mention := []string{"@all", "<@123>"}
	md := []string{"[x](", "**bold**", `<font color="warning">red`}
	checks := map[string]struct{ anywhere, outsideCode []string }{
		"wecom.md":      {append(mention, md...), nil},
		"dingtalk.md":   {append(mention, md...), nil},
		"lark.md":       {append(mention, md...), nil},
		"telegram.html": {append(mention, "<b>tag", `<font color="warning">red`), nil},
		"slack.txt":     {append(mention, "<b>tag", "<http"), []string{"**bold**", "_it_", "~s~"}},
		"discord.md":    {mention, []string{"[x](", "**bold**", "_it_", "~s~"}},
		"email.html":    {[]string{"<b>tag", `<font color="warning">red`}, nil},
		"text.txt":      {},
	}
	for name, out := range got {
		t.Run(name, func(t *testing.T) {
			c := checks[name]
			for _, f := range append(always, c.anywhere...) {
				if strings.Contains(out, f) {
					t.Errorf("%q survives:\n%s", f, out)
				}
			}
			bare := inlineCode.ReplaceAllString(out, "`…`")
			for _, f := range c.outsideCode {
				if strings.Contains(bare, f) {
					t.Errorf("%q survives outside code:\n%s", f, out)
				}
			}
			if n, want := strings.Count(out, "\n"), strings.Count(plain[name], "\n"); n != want {
				t.Errorf("%d lines, want %d as with plain names:\n%s", n+1, want+1, out)
			}
			path := filepath.Join("testdata", "hostile-"+name)
			if *update {
				os.WriteFile(path, []byte(out), 0o644)
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if out != string(want) {
				t.Errorf("%s differs:\n%s", path, out)
			}
		})
	}
}

var inlineCode = regexp.MustCompile("`[^`\n]*`")

func TestOneLine(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "nginx: worker", "nginx: worker"},
		{"newlines", "a\nb\r\nc", "a␤b␤␤c"},
		{"escape and tab", "a\x1b[31mb\tc", "a\uFFFD[31mb\uFFFDc"},
		{"C1 and separators", "a\u0085b\u2028c", "a\uFFFDb\uFFFDc"},
		{"bidi override", "abc\u202Etxt.exe", "abc\uFFFDtxt.exe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := oneLine(tt.in); got != tt.want {
				t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
