package setup

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"lookout/config"
	"lookout/notifier"
)

// NotifyTest sends a test message straight to the named channel (not
// through the outbox) and returns what the service replied, request by
// request. Every secret of the channel (keys, tokens, the secret parts of
// its URLs, Authorization values, passwords) is removed from the replies
// and from the error, even when the service echoes the request: the
// channel redacts what it knows, and NotifyTest redacts again with every
// secret value of the configuration.
func NotifyTest(ctx context.Context, cfg config.Config, name string, o Options) (replies []string, err error) {
	var cc *config.Channel
	for i := range cfg.Channels {
		if cfg.Channels[i].Name == name {
			cc = &cfg.Channels[i]
		}
	}
	if cc == nil {
		var names []string
		for _, c := range cfg.Channels {
			names = append(names, c.Name)
		}
		return nil, fmt.Errorf("no channel named %q (configured: %v)", name, names)
	}
	ch, err := Channel(cfg, *cc, o)
	if err != nil {
		return nil, err
	}
	red := channelRedactor(*cc)
	host, _ := os.Hostname()
	m := &notifier.Message{ID: fmt.Sprintf("test-%d", time.Now().UnixNano()), Kind: notifier.KindTest, Created: time.Now(),
		Title: "Lookout test: " + name, Text: "Lookout on " + host + " can post to this channel (" + cc.Type + ")."}
	ctx = notifier.WithReplies(ctx, func(r string) { replies = append(replies, red.String(r)) })
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err = ch.Send(ctx, m)
	return replies, red.Error(err)
}

// channelRedactor redacts every secret value of cc, with its ${ENV_VAR}
// references expanded: the secret, token, password and app secret; the
// header values and their credentials ("Bearer TOKEN"); and, of the
// webhook and url, the whole address, its password and its query values,
// and of a robot's webhook without a query its path after the service's
// fixed segments (Slack's, Discord's and Feishu's keys are in the path).
func channelRedactor(cc config.Channel) notifier.Redactor {
	x := func(s string) string {
		v, _ := config.ExpandSecret(s)
		return v
	}
	secrets := []string{x(cc.Secret), x(cc.Token), x(cc.Password), x(cc.AppSecret)}
	for _, v := range cc.Headers {
		v = x(v)
		secrets = append(secrets, v)
		if f := strings.Fields(v); len(f) > 1 {
			secrets = append(secrets, f[1:]...)
		}
	}
	secrets = append(secrets, urlSecrets(x(cc.Webhook), true)...)
	secrets = append(secrets, urlSecrets(x(cc.URL), false)...)
	return notifier.NewRedactor(secrets...)
}

// fixedSegments are path segments of the services' webhook addresses
// that are not secret.
var fixedSegments = map[string]bool{"cgi-bin": true, "webhook": true, "webhooks": true, "send": true, "robot": true,
	"open-apis": true, "bot": true, "v2": true, "hook": true, "services": true, "api": true}

// urlSecrets are the secret parts of raw; inPath says that the address
// may carry its key in the path (a robot's webhook, not a generic one).
func urlSecrets(raw string, inPath bool) []string {
	u, err := url.Parse(raw)
	if raw == "" || err != nil {
		return nil
	}
	out := []string{raw, u.RawQuery}
	if p, ok := u.User.Password(); ok {
		out = append(out, p)
	}
	for _, vs := range u.Query() {
		out = append(out, vs...)
	}
	if !inPath || u.RawQuery != "" || u.User != nil {
		return out // the secret is in the query (WeCom, DingTalk) or the user info
	}
	// Slack's T/B/key, Discord's ID/token, Feishu's hook ID: the path
	// after the fixed segments.
	var segs []string
	for _, s := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		if !fixedSegments[s] && s != "" {
			segs = append(segs, s)
		}
	}
	if len(segs) > 0 {
		out = append(out, strings.Join(segs, "/"), segs[len(segs)-1])
	}
	return out
}
