package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestChannelErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"unknown type", "[[channels]]\nname = \"a\"\ntype = \"icq\"\n",
			[]string{`c.toml:3: channels[0].type: expected one of wecom, dingtalk, feishu, lark, slack, telegram, discord, webhook, wechat_mp, email, alertmanager, desktop, got "icq"`}},
		{"wecom url without key", "[[channels]]\nname = \"a\"\ntype = \"wecom\"\nwebhook = \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send\"\n",
			[]string{`c.toml:4: channels[0].webhook: the URL has no key=...: paste the whole address from the robot's settings`}},
		{"plain http to the internet", "[[channels]]\nname = \"a\"\ntype = \"dingtalk\"\nwebhook = \"http://oapi.dingtalk.com/robot/send?access_token=x\"\n",
			[]string{`c.toml:4: channels[0].webhook: use https: the URL carries the robot's key, which must not travel in clear`}},
		{"duplicate name and missing fields", "[[channels]]\nname = \"a\"\ntype = \"desktop\"\n[[channels]]\nname = \"a\"\ntype = \"telegram\"\n",
			[]string{`c.toml:4: channels[1].token: a telegram channel needs the bot token from @BotFather`,
				`c.toml:4: channels[1].chat_id: a telegram channel needs chat_id (a number, or @channelname)`,
				`c.toml:5: channels[1].name: channel "a" is defined twice`}},
		{"email password in clear", "[[channels]]\nname = \"m\"\ntype = \"email\"\nhost = \"smtp\"\nfrom = \"a@b\"\nto = [\"c@d\"]\nsecurity = \"none\"\npassword = \"x\"\n",
			[]string{`c.toml:7: channels[0].security: "none" sends in clear: a password is never sent without TLS`}},
		{"route to an unknown channel", "[[channels]]\nname = \"d\"\ntype = \"desktop\"\n[[routes]]\nseverity = [\"fatal\"]\nchannels = [\"wecom\"]\n",
			[]string{`c.toml:5: routes[0].severity: expected "info", "warning" or "critical", got "fatal"`,
				`c.toml:6: routes[0].channels: no channel is named "wecom"`}},
		{"typo in a channel key", "[[channels]]\nname = \"d\"\ntype = \"desktop\"\nwebhok = \"x\"\n",
			[]string{`c.toml:4: channels.webhok: unknown key (did you mean "webhook"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tt.doc))
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse error = %v", err)
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

func TestChannelNameIsASafeFileName(t *testing.T) {
	tests := []struct {
		name, channel, want string
	}{
		{"dot", ".", `a channel name must not start with a dot (it names a directory of the outbox), got "."`},
		{"dot dot", "..", `a channel name must not start with a dot (it names a directory of the outbox), got ".."`},
		{"hidden", ".ops", `a channel name must not start with a dot (it names a directory of the outbox), got ".ops"`},
		{"trailing dot", "ops.", `a channel name must not end with a dot (Windows drops it from file names), got "ops."`},
		{"slash", "a/b", `a channel name is letters, digits and _ . -, at most 63, got "a/b"`},
		{"backslash", `a\\b`, `a channel name is letters, digits and _ . -, at most 63, got "a\\b"`},
		{"nul", "a\\u0000b", `a channel name is letters, digits and _ . -, at most 63, got "a\x00b"`},
		{"control", "a\\tb", `a channel name is letters, digits and _ . -, at most 63, got "a\tb"`},
		{"too long", strings.Repeat("x", 65), `a channel name is letters, digits and _ . -, at most 63, got "` + strings.Repeat("x", 65) + `"`},
		{"windows device", "NUL", `"NUL" is a device name on Windows, not a usable file name: choose another channel name`},
		{"windows device with extension", "com1.ops", `"com1.ops" is a device name on Windows, not a usable file name: choose another channel name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := "[[channels]]\ntype = \"desktop\"\nname = \"" + tt.channel + "\"\n"
			_, err := Parse("c.toml", []byte(doc))
			want := "c.toml:3: channels[0].name: " + tt.want
			if err == nil || err.Error() != want {
				t.Errorf("Parse error =\n%v\nwant\n%s", err, want)
			}
		})
	}
	for _, ok := range []string{"ops", "ops.backup", "a-b_c.1", "console", strings.Repeat("x", 63)} {
		doc := "[[channels]]\ntype = \"desktop\"\nname = \"" + ok + "\"\n"
		if _, err := Parse("c.toml", []byte(doc)); err != nil {
			t.Errorf("name %q refused: %v", ok, err)
		}
	}
}

func TestWarnings(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.toml")
	doc := "[[channels]]\nname = \"w\"\ntype = \"wecom\"\nwebhook = \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123\"\n" +
		"[[channels]]\nname = \"d\"\ntype = \"dingtalk\"\nwebhook = \"https://oapi.dingtalk.com/robot/send?access_token=t\"\nsecret = \"${LOOKOUT_TEST_UNSET_VAR}\"\n"
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(file, true)
	if err != nil {
		t.Fatal(err)
	}
	ws := Warnings(file, c)
	if len(ws) != 2 || !strings.Contains(ws[0], "readable by group or others (mode 0644)") ||
		!strings.Contains(ws[1], "channels[1].secret: environment variable LOOKOUT_TEST_UNSET_VAR is not set") {
		t.Errorf("warnings: %q", ws)
	}
	os.Chmod(file, 0o600)
	if ws := Warnings(file, c); len(ws) != 1 {
		t.Errorf("after chmod 600: %q", ws)
	}
}

func TestExpandSecret(t *testing.T) {
	t.Setenv("LOOKOUT_TEST_KEY", "k-1")
	if got, err := ExpandSecret("https://x/?key=${LOOKOUT_TEST_KEY}"); err != nil || got != "https://x/?key=k-1" {
		t.Errorf("ExpandSecret = %q, %v", got, err)
	}
	if _, err := ExpandSecret("${LOOKOUT_TEST_NOPE}"); err == nil || !strings.Contains(err.Error(), "LOOKOUT_TEST_NOPE") {
		t.Errorf("unset variable: %v", err)
	}
}
