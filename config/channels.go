package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Channel is one destination of alerts and reports: a chat robot, a
// mailbox, a webhook or the desktop. Which keys apply depends on Type; see
// lookout.example.toml. Secret values (webhook, secret, token, password,
// app_secret, header values) may be written ${ENV_VAR}.
type Channel struct {
	Name string `toml:"name"`
	// Type is wecom, dingtalk, feishu, lark, slack, telegram, discord,
	// webhook, wechat_mp, email, alertmanager or desktop.
	Type string `toml:"type"`
	// Language overrides the global language for this channel.
	Language string `toml:"language"`
	// SendResolved sends the all-clear when an alert resolves (default true).
	SendResolved *bool `toml:"send_resolved"`
	// Reports makes the channel receive reports (default true).
	Reports *bool `toml:"reports"`

	// Webhook is a robot's URL as its settings page shows it.
	Webhook string `toml:"webhook"`
	// Secret is the robot's signing secret (DingTalk, Feishu) or the
	// generic webhook's HMAC key.
	Secret string `toml:"secret"`
	// Keyword is one of the robot's security keywords (DingTalk, Feishu).
	Keyword string `toml:"keyword"`
	// Mentions are user IDs and MentionMobiles phone numbers to @ on
	// critical alerts; MentionAll @s everyone.
	Mentions       []string `toml:"mentions"`
	MentionMobiles []string `toml:"mention_mobiles"`
	MentionAll     bool     `toml:"mention_all"`
	// MaxImages is how many charts a message carries.
	MaxImages int `toml:"max_images"`

	// Telegram.
	Token  string `toml:"token"`
	ChatID string `toml:"chat_id"`
	// API overrides a service's base URL (Telegram, WeChat), for a
	// proxy or a self-hosted Bot API server.
	API string `toml:"api"`

	// Generic webhook.
	URL     string            `toml:"url"`
	Headers map[string]string `toml:"headers"`
	Images  bool              `toml:"images"`

	// E-mail.
	Host     string   `toml:"host"`
	Port     int      `toml:"port"`
	Security string   `toml:"security"`
	Username string   `toml:"username"`
	Password string   `toml:"password"`
	From     string   `toml:"from"`
	To       []string `toml:"to"`

	// Alertmanager (type "alertmanager", see alertmanager.go): URL is its
	// address; Token a bearer token or Username and Password basic auth;
	// the TLS files and InsecureSkipVerify as in Prometheus' tls_config.
	CAFile             string `toml:"ca_file"`
	CertFile           string `toml:"cert_file"`
	KeyFile            string `toml:"key_file"`
	InsecureSkipVerify bool   `toml:"insecure_skip_verify"`
	// ResendInterval is how often a firing alert is posted again (default
	// 1m); Labels are added to every alert.
	ResendInterval Duration          `toml:"resend_interval"`
	Labels         map[string]string `toml:"labels"`

	// WeChat official account.
	AppID      string   `toml:"app_id"`
	AppSecret  string   `toml:"app_secret"`
	TemplateID string   `toml:"template_id"`
	ToUsers    []string `toml:"to_users"`
	Link       string   `toml:"link"`
}

// Route sends the alerts that match it to its channels. With no routes,
// every alert goes to every channel.
type Route struct {
	// Severity lists the severities matched (warning, critical, info);
	// empty matches all.
	Severity []string `toml:"severity"`
	// Hosts are host name patterns ("web*"); empty matches all.
	Hosts    []string `toml:"hosts"`
	Channels []string `toml:"channels"`
}

// ChannelTypes are the known channel types.
var ChannelTypes = []string{"wecom", "dingtalk", "feishu", "lark", "slack", "telegram", "discord", "webhook", "wechat_mp", "email", "alertmanager", "desktop"}

var channelName = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,63}$`)

// windowsDevice matches the names Windows reserves for devices (with any
// extension): a directory called "nul" or "com1.x" cannot be made there.
var windowsDevice = regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$`)

// checkChannelName says why name cannot be a channel's name, or "". The
// name becomes a directory of the outbox (queue/<name>), so it must be a
// safe file name on every system: no separator or control character, not
// "." or "..", no leading dot (a hidden file), no trailing dot (Windows
// drops it), no device name, at most 63 bytes.
func checkChannelName(name string) string {
	switch {
	case name == "":
		return "every channel needs a name"
	case !channelName.MatchString(name):
		return fmt.Sprintf("a channel name is letters, digits and _ . -, at most 63, got %q", name)
	case strings.HasPrefix(name, "."):
		return fmt.Sprintf("a channel name must not start with a dot (it names a directory of the outbox), got %q", name)
	case strings.HasSuffix(name, "."):
		return fmt.Sprintf("a channel name must not end with a dot (Windows drops it from file names), got %q", name)
	case windowsDevice.MatchString(name):
		return fmt.Sprintf("%q is a device name on Windows, not a usable file name: choose another channel name", name)
	}
	return ""
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// ExpandSecret replaces each ${NAME} in s with the environment variable
// NAME; an unset or empty variable is an error naming it (never its
// value). A value without ${...} is the secret itself.
func ExpandSecret(s string) (string, error) {
	var missing []string
	out := envRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := envRef.FindStringSubmatch(ref)[1]
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			missing = append(missing, name)
		}
		return v
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("environment variable %s is not set", strings.Join(missing, ", "))
	}
	return out, nil
}

// secrets returns the channel's values that may hold secrets, by key.
func (ch Channel) secrets() map[string]string {
	m := map[string]string{"webhook": ch.Webhook, "secret": ch.Secret, "token": ch.Token,
		"password": ch.Password, "app_secret": ch.AppSecret, "url": ch.URL}
	for k, v := range ch.Headers {
		m["headers."+k] = v
	}
	return m
}

// hasSecret tells whether the channel holds a secret written into the
// file (not an ${ENV_VAR} reference).
func (ch Channel) hasSecret() bool {
	for _, v := range ch.secrets() {
		if v != "" && envRef.ReplaceAllString(v, "") != "" {
			return true
		}
	}
	return false
}

func (c *Config) validateChannels(v *validator) {
	names := map[string]bool{}
	for i, ch := range c.Channels {
		key := fmt.Sprintf("channels[%d]", i)
		switch why := checkChannelName(ch.Name); {
		case why != "":
			v.add(key+".name", "%s", why)
		case names[ch.Name]:
			v.add(key+".name", "channel %q is defined twice", ch.Name)
		}
		names[ch.Name] = true
		if !slices.Contains(ChannelTypes, ch.Type) {
			v.add(key+".type", "expected one of %s, got %q", strings.Join(ChannelTypes, ", "), ch.Type)
			continue
		}
		if ch.Language != "" && ch.Language != "en" && ch.Language != "zh" {
			v.add(key+".language", `expected "en" or "zh", got %q`, ch.Language)
		}
		if ch.MaxImages < 0 || ch.MaxImages > 10 {
			v.add(key+".max_images", "expected a whole number from 0 to 10, got %d", ch.MaxImages)
		}
		need := func(k, val, what string) {
			if val == "" {
				v.add(key+"."+k, "a %s channel needs %s", ch.Type, what)
			}
		}
		hook := func(k, val, param, example string) {
			need(k, val, "the webhook URL from the robot's settings ("+example+")")
			if val == "" || envRef.MatchString(val) {
				return
			}
			u, err := url.Parse(val)
			if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
				v.add(key+"."+k, "expected a URL such as %s", example)
				return
			}
			if u.Scheme == "http" && !loopback(u.Hostname()) {
				v.add(key+"."+k, "use https: the URL carries the robot's key, which must not travel in clear")
			}
			if param != "" && u.Query().Get(param) == "" {
				v.add(key+"."+k, "the URL has no %s=...: paste the whole address from the robot's settings", param)
			}
		}
		switch ch.Type {
		case "wecom":
			hook("webhook", ch.Webhook, "key", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...")
		case "dingtalk":
			hook("webhook", ch.Webhook, "access_token", "https://oapi.dingtalk.com/robot/send?access_token=...")
		case "feishu":
			hook("webhook", ch.Webhook, "", "https://open.feishu.cn/open-apis/bot/v2/hook/...")
		case "lark":
			hook("webhook", ch.Webhook, "", "https://open.larksuite.com/open-apis/bot/v2/hook/...")
		case "slack":
			hook("webhook", ch.Webhook, "", "https://hooks.slack.com/services/T.../B.../...")
		case "discord":
			hook("webhook", ch.Webhook, "", "https://discord.com/api/webhooks/ID/TOKEN")
		case "webhook":
			hook("url", ch.URL, "", "https://example.com/lookout")
		case "alertmanager":
			validateAlertmanager(v, key, ch.AMClient())
			if ch.ResendInterval != 0 && (ch.ResendInterval < Duration(time.Second) || ch.ResendInterval > Duration(time.Hour)) {
				v.add(key+".resend_interval", "expected a duration from 1s to 1h, got %s", ch.ResendInterval)
			}
			for k := range ch.Labels {
				if !labelName.MatchString(k) {
					v.add(key+".labels", "%q is not a label name (letters, digits and _, not starting with a digit)", k)
				}
			}
		case "telegram":
			need("token", ch.Token, "the bot token from @BotFather")
			need("chat_id", ch.ChatID, "chat_id (a number, or @channelname)")
		case "email":
			need("host", ch.Host, "the SMTP server's host")
			need("from", ch.From, "a from address")
			if len(ch.To) == 0 {
				v.add(key+".to", "an email channel needs at least one address in to")
			}
			if ch.Port < 0 || ch.Port > 65535 {
				v.add(key+".port", "expected a port number, got %d", ch.Port)
			}
			switch ch.Security {
			case "", "tls", "starttls":
			case "none":
				if ch.Username != "" || ch.Password != "" {
					v.add(key+".security", `"none" sends in clear: a password is never sent without TLS`)
				}
			default:
				v.add(key+".security", `expected "tls" (port 465), "starttls" (587) or "none", got %q`, ch.Security)
			}
		case "wechat_mp":
			need("app_id", ch.AppID, "app_id")
			need("app_secret", ch.AppSecret, "app_secret")
			need("template_id", ch.TemplateID, "template_id")
			if len(ch.ToUsers) == 0 {
				v.add(key+".to_users", "a wechat_mp channel needs the openids of its recipients in to_users")
			}
		}
	}
	for i, r := range c.Routes {
		key := fmt.Sprintf("routes[%d]", i)
		for _, s := range r.Severity {
			if s != "info" && s != "warning" && s != "critical" {
				v.add(key+".severity", `expected "info", "warning" or "critical", got %q`, s)
			}
		}
		for _, h := range r.Hosts {
			if _, err := path.Match(h, ""); err != nil {
				v.add(key+".hosts", "bad pattern %q", h)
			}
		}
		if len(r.Channels) == 0 {
			v.add(key+".channels", "a route needs at least one channel")
		}
		for _, name := range r.Channels {
			if !names[name] {
				v.add(key+".channels", "no channel is named %q", name)
			}
		}
	}
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Warnings returns problems that do not stop Lookout but that the user
// should fix: a file holding channel secrets that group or others can
// read, and ${ENV_VAR} references to unset variables. The window shows
// them beside the settings; check-config and the daemon print them.
func Warnings(file string, c Config) []string {
	var ws []string
	secret := false
	for _, ch := range c.Channels {
		secret = secret || ch.hasSecret()
	}
	for _, s := range c.Sources {
		secret = secret || Channel{Token: s.Token, Password: s.Password}.hasSecret()
	}
	if st, err := os.Stat(file); err == nil && secret && st.Mode().Perm()&0o077 != 0 {
		ws = append(ws, fmt.Sprintf("%s: the file holds channel secrets and is readable by group or others (mode %04o); run: chmod 600 %s",
			file, st.Mode().Perm(), file))
	}
	for i, ch := range c.Channels {
		for _, k := range sortedSecretKeys(ch) {
			if _, err := ExpandSecret(ch.secrets()[k]); err != nil {
				ws = append(ws, fmt.Sprintf("%s: channels[%d].%s: %v", file, i, k, err))
			}
		}
	}
	return ws
}

func sortedSecretKeys(ch Channel) []string {
	var ks []string
	for k := range ch.secrets() {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
