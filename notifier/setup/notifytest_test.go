package setup

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"lookout/config"
	"lookout/internal/fake"
)

// echo is a proxy in front of a strict fake that answers with the fake's
// reply plus the whole request it received (method, URL, headers, body),
// as a careless service or a debugging proxy does: in an "echo" field of
// a JSON reply, or after the reply's text.
type echo struct {
	srv    *httptest.Server
	mu     sync.Mutex
	echoed []string
}

func newEcho(t *testing.T, target string) *echo {
	e := &echo{}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, _ := http.NewRequest(r.Method, target+r.RequestURI, bytes.NewReader(body))
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		reply, _ := io.ReadAll(resp.Body)
		var hs []string
		for k, vs := range r.Header {
			hs = append(hs, k+": "+strings.Join(vs, ", "))
		}
		sort.Strings(hs)
		seen := fmt.Sprintf("%s %s\n%s\n\n%s", r.Method, r.RequestURI, strings.Join(hs, "\n"), body)
		e.mu.Lock()
		e.echoed = append(e.echoed, seen)
		e.mu.Unlock()
		var obj map[string]any
		status := resp.StatusCode
		if json.Unmarshal(reply, &obj) == nil {
			obj["echo"] = seen
			reply, _ = json.Marshal(obj)
		} else {
			if status == http.StatusNoContent {
				status = http.StatusOK
			}
			reply = append(reply, "\nyou sent: "+seen...)
		}
		for k, vs := range resp.Header {
			if k != "Content-Length" {
				w.Header()[k] = vs
			}
		}
		w.WriteHeader(status)
		w.Write(reply)
	}))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *echo) URL() string { return e.srv.URL }

func (e *echo) all() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return strings.Join(e.echoed, "\n")
}

// TestNotifyTestRedactsEchoedSecrets sends notify-test through each
// channel kind to a service that echoes the request, and checks that no
// secret of the channel reaches the replies or the error it returns.
func TestNotifyTestRedactsEchoedSecrets(t *testing.T) {
	tests := []struct {
		name string
		// setup starts the fake behind an echo and returns the channel's
		// TOML (secrets as ${LOOKOUT_ECHO_*}), the environment, and the
		// secrets the echo must have carried.
		setup func(t *testing.T) (doc string, env map[string]string, secrets []string, e *echo)
	}{
		{"wecom", func(t *testing.T) (string, map[string]string, []string, *echo) {
			f := fake.NewWeCom(t, "wk-0123456789abcdef")
			e := newEcho(t, f.URL())
			return `type = "wecom"` + "\nwebhook = \"" + e.URL() + "/cgi-bin/webhook/send?key=${LOOKOUT_ECHO_KEY}\"\n",
				map[string]string{"LOOKOUT_ECHO_KEY": f.Key}, []string{f.Key}, e
		}},
		{"dingtalk", func(t *testing.T) (string, map[string]string, []string, *echo) {
			f := fake.NewDingTalk(t, "dt-token-0123456789", "SECsigning0123456789", "")
			e := newEcho(t, f.URL())
			return `type = "dingtalk"` + "\nwebhook = \"" + e.URL() + "/robot/send?access_token=${LOOKOUT_ECHO_TOKEN}\"\nsecret = \"${LOOKOUT_ECHO_SECRET}\"\n",
				map[string]string{"LOOKOUT_ECHO_TOKEN": "dt-token-0123456789", "LOOKOUT_ECHO_SECRET": "SECsigning0123456789"}, []string{"dt-token-0123456789"}, e
		}},
		{"feishu", func(t *testing.T) (string, map[string]string, []string, *echo) {
			f := fake.NewFeishu(t, "fs-hook-0123456789", "fs-signing-0123456789", "")
			e := newEcho(t, f.URL())
			return `type = "feishu"` + "\nwebhook = \"" + e.URL() + "/open-apis/bot/v2/hook/${LOOKOUT_ECHO_TOKEN}\"\nsecret = \"${LOOKOUT_ECHO_SECRET}\"\n",
				map[string]string{"LOOKOUT_ECHO_TOKEN": "fs-hook-0123456789", "LOOKOUT_ECHO_SECRET": "fs-signing-0123456789"}, []string{"fs-hook-0123456789"}, e
		}},
		{"slack", func(t *testing.T) (string, map[string]string, []string, *echo) {
			f := fake.NewSlack(t, "/services/T0001/B0001/slackkey0123456789")
			e := newEcho(t, f.URL())
			return `type = "slack"` + "\nwebhook = \"" + e.URL() + "/services/T0001/B0001/${LOOKOUT_ECHO_KEY}\"\n",
				map[string]string{"LOOKOUT_ECHO_KEY": "slackkey0123456789"}, []string{"slackkey0123456789"}, e
		}},
		{"discord", func(t *testing.T) (string, map[string]string, []string, *echo) {
			f := fake.NewDiscord(t, "112233445566", "discord-token-0123456789")
			e := newEcho(t, f.URL())
			return `type = "discord"` + "\nwebhook = \"" + e.URL() + "/api/webhooks/112233445566/${LOOKOUT_ECHO_TOKEN}\"\n",
				map[string]string{"LOOKOUT_ECHO_TOKEN": "discord-token-0123456789"}, []string{"discord-token-0123456789"}, e
		}},
		{"telegram", func(t *testing.T) (string, map[string]string, []string, *echo) {
			f := fake.NewTelegram(t, "123456:tg-token-0123456789", "42")
			e := newEcho(t, f.URL())
			return `type = "telegram"` + "\ntoken = \"${LOOKOUT_ECHO_TOKEN}\"\nchat_id = \"42\"\napi = \"" + e.URL() + "\"\n",
				map[string]string{"LOOKOUT_ECHO_TOKEN": "123456:tg-token-0123456789"}, []string{"123456:tg-token-0123456789"}, e
		}},
		{"webhook", func(t *testing.T) (string, map[string]string, []string, *echo) {
			f := fake.NewHook(t, "hook-hmac-0123456789")
			f.Header = [2]string{"Authorization", "Bearer hook-bearer-0123456789"}
			e := newEcho(t, f.URL())
			return `type = "webhook"` + "\nurl = \"" + e.URL() + "/in?token=${LOOKOUT_ECHO_QUERY}\"\nsecret = \"${LOOKOUT_ECHO_SECRET}\"\nheaders = { Authorization = \"Bearer ${LOOKOUT_ECHO_BEARER}\" }\n",
				map[string]string{"LOOKOUT_ECHO_QUERY": "hook-query-0123456789", "LOOKOUT_ECHO_SECRET": "hook-hmac-0123456789", "LOOKOUT_ECHO_BEARER": "hook-bearer-0123456789"},
				[]string{"hook-query-0123456789", "hook-bearer-0123456789"}, e
		}},
		{"wechat_mp", func(t *testing.T) (string, map[string]string, []string, *echo) {
			f := fake.NewWeChat(t, "wx0123456789", "wx-appsecret-0123456789", "tmpl", "openid-1")
			e := newEcho(t, f.URL())
			return `type = "wechat_mp"` + "\napp_id = \"wx0123456789\"\napp_secret = \"${LOOKOUT_ECHO_SECRET}\"\ntemplate_id = \"tmpl\"\nto_users = [\"openid-1\"]\napi = \"" + e.URL() + "\"\n",
				map[string]string{"LOOKOUT_ECHO_SECRET": "wx-appsecret-0123456789"}, []string{"wx-appsecret-0123456789", "ACCESS_TOKEN_1_x9f8e7d6c5b4a3"}, e
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, env, secrets, e := tt.setup(t)
			for k, v := range env {
				t.Setenv(k, v)
			}
			doc := "[[channels]]\nname = \"c\"\n" + body
			cfg, err := config.Parse("c.toml", []byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			replies, err := NotifyTest(context.Background(), cfg, "c", Options{OutboxDir: t.TempDir()})
			if len(replies) == 0 {
				t.Fatalf("no reply (err %v)", err)
			}
			out := strings.Join(replies, "\n")
			if err != nil {
				out += "\n" + err.Error()
			}
			echoed := strings.ReplaceAll(e.all(), "%3A", ":")
			for _, s := range secrets {
				// The echo must carry the secret, or the test proves nothing.
				if !strings.Contains(echoed, s) {
					t.Errorf("the echo never carried %q: the test is not testing it", s)
				}
				if strings.Contains(out, s) {
					t.Errorf("notify-test output leaks %q:\n%s", s, out)
				}
			}
			if !strings.Contains(out, "<secret>") {
				t.Errorf("nothing was redacted:\n%s", out)
			}
		})
	}
}
