// Package setup builds the notifier from Lookout's configuration: one
// channel per [[channels]] entry (secrets expanded from ${ENV_VAR}), the
// routes, and a Dispatcher over the outbox. It is the only notifier
// package that knows the configuration format.
package setup

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"lookout/config"
	"lookout/internal/amapi"
	"lookout/internal/paths"
	"lookout/notifier"
	"lookout/notifier/alertmanager"
	"lookout/notifier/desktop"
	"lookout/notifier/dingtalk"
	"lookout/notifier/discord"
	"lookout/notifier/email"
	"lookout/notifier/feishu"
	"lookout/notifier/outbox"
	"lookout/notifier/render"
	"lookout/notifier/slack"
	"lookout/notifier/telegram"
	"lookout/notifier/webhook"
	"lookout/notifier/wechatmp"
	"lookout/notifier/wecom"
)

// Options are what the application adds to the configuration.
type Options struct {
	// OutboxDir is the outbox's directory (paths.Dirs.Outbox when "").
	OutboxDir string
	// Desktop shows a desktop notification (Fyne's SendNotification in
	// the window; nil in the daemon). When the configuration has no
	// channels at all and Desktop is set, a "desktop" channel receiving
	// every alert is added.
	Desktop func(title, body string)
	Log     *slog.Logger
	// OnStatus is passed to the dispatcher (the window's channel list).
	OnStatus func(channel string, s notifier.Status)
	// Client is the HTTP client of the robots (tests).
	Client *http.Client
}

// Notifier is the built notifier.
type Notifier struct {
	*notifier.Dispatcher
	Outbox *outbox.Outbox
	// Desktop is the desktop channel, if one is configured: hand it the
	// notification function later with Desktop.Set.
	Desktop *desktop.Channel
	// Skipped are channels that could not be built (a missing
	// environment variable, say), with why; the others work.
	Skipped []error
}

// Build makes the notifier of cfg.
func Build(cfg config.Config, o Options) (*Notifier, error) {
	if o.OutboxDir == "" {
		d, err := paths.Resolve()
		if err != nil {
			return nil, err
		}
		o.OutboxDir = d.Outbox()
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	ob, err := outbox.Open(o.OutboxDir)
	if err != nil {
		return nil, err
	}
	n := &Notifier{Outbox: ob}
	chans := cfg.Channels
	if len(chans) == 0 && o.Desktop != nil {
		f := false
		chans = []config.Channel{{Name: "desktop", Type: "desktop", Reports: &f}}
	}
	var targets []notifier.Target
	built := map[string]bool{}
	for _, cc := range chans {
		ch, err := Channel(cfg, cc, o)
		if err != nil {
			o.Log.Warn("channel not started", "channel", cc.Name, "err", err)
			n.Skipped = append(n.Skipped, err)
			continue
		}
		if d, ok := ch.(*desktop.Channel); ok {
			n.Desktop = d
		}
		built[cc.Name] = true
		// An Alertmanager takes alerts, not reports.
		targets = append(targets, notifier.Target{Channel: ch, SendResolved: boolOr(cc.SendResolved, true),
			Reports: boolOr(cc.Reports, cc.Type != "alertmanager")})
	}
	var routes []notifier.Route
	for _, r := range cfg.Routes {
		var rt notifier.Route
		for _, s := range r.Severity {
			sev, err := notifier.ParseSeverity(s)
			if err != nil {
				return nil, err
			}
			rt.Severities = append(rt.Severities, sev)
		}
		rt.Hosts = r.Hosts
		for _, c := range r.Channels {
			if built[c] {
				rt.Channels = append(rt.Channels, c)
			}
		}
		routes = append(routes, rt)
	}
	n.Dispatcher, err = notifier.NewDispatcher(notifier.Options{Outbox: ob, Routes: routes, Log: o.Log, OnStatus: o.OnStatus,
		Queue: notifier.QueueLimits{MaxMessages: cfg.Outbox.MaxMessages, MaxAge: time.Duration(cfg.Outbox.MaxAge)},
		Group: notifier.Grouping{Wait: time.Duration(cfg.Notify.GroupWait), Interval: time.Duration(cfg.Notify.GroupInterval),
			MaxAlerts: notifier.DefaultMaxGroupAlerts}}, targets...)
	if err != nil {
		return nil, err
	}
	return n, nil
}

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

// RenderOptions are the rendering options of channel cc.
func RenderOptions(cfg config.Config, cc config.Channel) render.Options {
	lang := cfg.Language
	if cc.Language != "" {
		lang = cc.Language
	}
	return render.Options{Lang: render.Lang(lang), Grades: render.Grades{Low: cfg.Grades.Low, High: cfg.Grades.High},
		Procs: min(max(cfg.TopProcesses, 1), 5)}
}

// Channel builds one channel of cfg, expanding its ${ENV_VAR} secrets.
// Errors name the channel and never carry a secret's value.
func Channel(cfg config.Config, cc config.Channel, o Options) (notifier.Channel, error) {
	var firstErr error
	x := func(key, s string) string {
		v, err := config.ExpandSecret(s)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("channel %q: %s: %w", cc.Name, key, err)
		}
		return v
	}
	ro := RenderOptions(cfg, cc)
	webhookURL := x("webhook", cc.Webhook)
	secret := x("secret", cc.Secret)
	var ch notifier.Channel
	var err error
	switch cc.Type {
	case "wecom":
		ch, err = wecom.New(wecom.Config{Name: cc.Name, Webhook: webhookURL, Mentions: cc.Mentions,
			MentionMobiles: cc.MentionMobiles, MaxImages: cc.MaxImages, Render: ro, Client: o.Client})
	case "dingtalk":
		ch, err = dingtalk.New(dingtalk.Config{Name: cc.Name, Webhook: webhookURL, Secret: secret, Keyword: cc.Keyword,
			Mobiles: cc.MentionMobiles, UserIDs: cc.Mentions, AtAll: cc.MentionAll, Render: ro, Client: o.Client})
	case "feishu", "lark":
		ch, err = feishu.New(feishu.Config{Name: cc.Name, Webhook: webhookURL, Secret: secret, Keyword: cc.Keyword,
			Mentions: cc.Mentions, MentionAll: cc.MentionAll, Render: ro, Client: o.Client})
	case "slack":
		ch, err = slack.New(slack.Config{Name: cc.Name, Webhook: webhookURL, Render: ro, Client: o.Client})
	case "discord":
		ch, err = discord.New(discord.Config{Name: cc.Name, Webhook: webhookURL, MaxImages: cc.MaxImages, Render: ro, Client: o.Client})
	case "telegram":
		ch, err = telegram.New(telegram.Config{Name: cc.Name, Token: x("token", cc.Token), ChatID: cc.ChatID, API: cc.API,
			MaxImages: cc.MaxImages, Render: ro, Client: o.Client})
	case "webhook":
		headers := map[string]string{}
		for k, v := range cc.Headers {
			headers[k] = x("headers."+k, v)
		}
		ch, err = webhook.New(webhook.Config{Name: cc.Name, URL: x("url", cc.URL), Headers: headers, Secret: secret,
			Images: cc.Images, Render: ro, Client: o.Client})
	case "wechat_mp":
		ch, err = wechatmp.New(wechatmp.Config{Name: cc.Name, AppID: cc.AppID, AppSecret: x("app_secret", cc.AppSecret),
			TemplateID: cc.TemplateID, ToUsers: cc.ToUsers, Link: cc.Link, API: cc.API, Render: ro, Client: o.Client})
	case "email":
		ch, err = email.New(email.Config{Name: cc.Name, Host: cc.Host, Port: cc.Port, Security: email.Security(cc.Security),
			Username: cc.Username, Password: x("password", cc.Password), From: cc.From, To: cc.To, MaxImages: cc.MaxImages, Render: ro})
	case "alertmanager":
		auth := amapi.Auth{Token: x("token", cc.Token), Username: cc.Username, Password: x("password", cc.Password),
			CAFile: cc.CAFile, CertFile: cc.CertFile, KeyFile: cc.KeyFile, InsecureSkipVerify: cc.InsecureSkipVerify}
		var api *amapi.Client
		if api, err = amapi.New(amapi.Options{URL: x("url", cc.URL), HTTP: amapi.HTTPConfig(auth), Client: o.Client}); err == nil {
			ch, err = alertmanager.New(alertmanager.Config{Name: cc.Name, API: api, Labels: cc.Labels,
				Resend: time.Duration(cc.ResendInterval), Render: ro, Secrets: []string{auth.Token, auth.Password}})
		}
	case "desktop":
		ch = desktop.New(cc.Name, o.Desktop, ro)
	default:
		err = fmt.Errorf("unknown channel type %q", cc.Type)
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if err != nil {
		return nil, fmt.Errorf("channel %q: %w", cc.Name, err)
	}
	return ch, nil
}
