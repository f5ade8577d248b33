package config

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Alertmanager in the configuration: a channel of type "alertmanager"
// posts Lookout's alerts to one; a [[sources]] entry of type
// "alertmanager" brings its alerts into the window and the tray.
//
// Sources are not hosts: an Alertmanager has no figures to poll, chart
// or keep in history, and its alerts name hosts of their own (a whole
// Prometheus fleet's). So they are a list of their own beside [[hosts]],
// each polled for its active alerts, rather than a kind of host.

// Source is an outside system whose alerts the window and the tray show
// beside Lookout's own.
type Source struct {
	Name string `toml:"name"`
	// Type is "alertmanager".
	Type string `toml:"type"`
	// URL is the Alertmanager's address, "http://alertmanager:9093".
	URL string `toml:"url"`
	// Token is a bearer token, or Username and Password basic auth (each
	// may be ${ENV_VAR}).
	Token    string `toml:"token"`
	Username string `toml:"username"`
	Password string `toml:"password"`
	// CAFile, CertFile, KeyFile and InsecureSkipVerify are the TLS
	// settings, as in Prometheus' tls_config.
	CAFile             string `toml:"ca_file"`
	CertFile           string `toml:"cert_file"`
	KeyFile            string `toml:"key_file"`
	InsecureSkipVerify bool   `toml:"insecure_skip_verify"`
	// Interval is how often its alerts are read (default 30s).
	Interval Duration `toml:"interval"`
	// Filter are label matchers in Alertmanager's syntax
	// (`severity=~"warning|critical"`, `team="ops"`): only the alerts
	// matching all of them are shown.
	Filter []string `toml:"filter"`
}

// DefaultSourceInterval is how often a source is read when its interval
// is not set.
const DefaultSourceInterval = 30 * time.Second

// SourceInterval is s's interval or the default.
func (s Source) SourceInterval() time.Duration {
	if s.Interval > 0 {
		return time.Duration(s.Interval)
	}
	return DefaultSourceInterval
}

// AMClient is how to reach an Alertmanager: its address, credentials and
// TLS files, as written in the configuration (secrets not yet expanded).
type AMClient struct {
	URL, Token, Username, Password string
	CAFile, CertFile, KeyFile      string
	InsecureSkipVerify             bool
}

// AMClient is the channel's Alertmanager settings.
func (ch Channel) AMClient() AMClient {
	return AMClient{URL: ch.URL, Token: ch.Token, Username: ch.Username, Password: ch.Password,
		CAFile: ch.CAFile, CertFile: ch.CertFile, KeyFile: ch.KeyFile, InsecureSkipVerify: ch.InsecureSkipVerify}
}

// AMClient is the source's Alertmanager settings.
func (s Source) AMClient() AMClient {
	return AMClient{URL: s.URL, Token: s.Token, Username: s.Username, Password: s.Password,
		CAFile: s.CAFile, CertFile: s.CertFile, KeyFile: s.KeyFile, InsecureSkipVerify: s.InsecureSkipVerify}
}

// SourceTypes are the known source types.
var SourceTypes = []string{"alertmanager"}

var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// amMatcher is one matcher of Alertmanager's filter syntax: name, an
// operator, a quoted or bare value.
var amMatcher = regexp.MustCompile(`^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*("(?:[^"\\]|\\.)*"|[^"\s,{}]*)\s*$`)

func validateAlertmanager(v *validator, key string, c AMClient) {
	switch {
	case c.URL == "":
		v.add(key+".url", "an alertmanager needs its url (http://alertmanager:9093)")
	case !envRef.MatchString(c.URL):
		u, err := url.Parse(c.URL)
		switch {
		case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
			v.add(key+".url", "expected a URL such as http://alertmanager:9093, got %q", c.URL)
		case u.User != nil:
			v.add(key+".url", "put the user name and password in username and password, not in the URL")
		case u.Scheme == "http" && (c.Token != "" || c.Password != "") && !loopback(u.Hostname()):
			v.add(key+".url", "use https: a token or password must not travel in clear")
		}
	}
	if c.Token != "" && (c.Username != "" || c.Password != "") {
		v.add(key+".token", "use a token or a username and password, not both")
	}
	if c.Password != "" && c.Username == "" {
		v.add(key+".username", "a password needs its username")
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		v.add(key+".cert_file", "a client certificate needs both cert_file and key_file")
	}
}

func (c *Config) validateSources(v *validator) {
	names := map[string]bool{}
	for i, s := range c.Sources {
		key := fmt.Sprintf("sources[%d]", i)
		switch {
		case s.Name == "":
			v.add(key+".name", "every source needs a name")
		case !hostName.MatchString(s.Name):
			v.add(key+".name", "a name is letters, digits, spaces and _ . : @ -, at most 63, got %q", s.Name)
		case names[s.Name]:
			v.add(key+".name", "source %q is defined twice", s.Name)
		}
		names[s.Name] = true
		if !slices.Contains(SourceTypes, s.Type) {
			v.add(key+".type", "expected one of %s, got %q", strings.Join(SourceTypes, ", "), s.Type)
			continue
		}
		validateAlertmanager(v, key, s.AMClient())
		if s.Interval != 0 && (s.Interval < Duration(time.Second) || s.Interval > Duration(time.Hour)) {
			v.add(key+".interval", "expected a duration from 1s to 1h, got %s", s.Interval)
		}
		for _, f := range s.Filter {
			if !amMatcher.MatchString(f) {
				v.add(key+".filter", "expected a matcher such as severity=\"critical\" or team=~\"ops|dev\", got %q", f)
			}
		}
	}
}
