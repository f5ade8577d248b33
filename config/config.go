package config

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"lookout/entity"
	"lookout/internal/paths"

	toml "github.com/pelletier/go-toml/v2"
)

// Config is the whole configuration. The zero value is not useful: start
// from Default, which is also what Lookout runs with when there is no file.
type Config struct {
	// Interval is the default time between polls of each host (1s–1h).
	Interval Duration `toml:"interval"`
	// Timeout is the default deadline of one poll; 0 means the interval.
	Timeout Duration `toml:"timeout"`
	// FailLimit is how many failed polls in a row make a host unreachable.
	FailLimit int `toml:"fail_limit"`
	// Retention is how much history the in-memory ring keeps per host
	// (at most 15 minutes when the history on disk is on: see
	// runtime.RingSpan).
	Retention Duration `toml:"retention"`
	// Language of the window and the messages: "en" or "zh".
	Language string `toml:"language"`
	// Theme of the window: "system", "light" or "dark".
	Theme string `toml:"theme"`
	// CountProcesses are keywords; each host counts the processes whose
	// name contains each one (the seeds count "python").
	CountProcesses []string `toml:"count_processes"`
	// TopProcesses is how many processes are listed by CPU and by memory.
	TopProcesses int `toml:"top_processes"`

	Grades entity.Grades `toml:"grades"`
	// Report is the periodic report (config/report.go).
	Report Report `toml:"report"`
	// History is the history database on disk (config/history.go).
	History History `toml:"history"`
	// Hosts to watch. None means this machine alone.
	Hosts []Host `toml:"hosts"`
	// Rules are the alert rules' global settings (config/rules.go).
	Rules Rules `toml:"rules"`
	// Silences are maintenance windows (config/rules.go).
	Silences []SilenceConfig `toml:"silences"`

	// Channels and Routes: where alerts and reports go (channels.go).
	Channels []Channel `toml:"channels"`
	Routes   []Route   `toml:"routes"`
	// Outbox bounds the queues of undelivered messages.
	Outbox Outbox `toml:"outbox"`
	// Notify groups each channel's alerts into few messages (notify.go).
	Notify Notify `toml:"notify"`
	// SSH holds settings shared by the SSH hosts (ssh.go).
	SSH SSH `toml:"ssh"`
	// Sources are Alertmanagers whose alerts the window and the tray show
	// (alertmanager.go).
	Sources []Source `toml:"sources"`
}

// Host is one machine to watch.
type Host struct {
	Name string `toml:"name"`
	// Local is this machine.
	Local bool `toml:"local"`
	// SSH is "user@host:port" or an ~/.ssh/config alias (see remote.go).
	SSH string `toml:"ssh"`
	// IdentityFile is a private key for SSH, tried before ~/.ssh/config's.
	IdentityFile string `toml:"identity_file"`
	// Agent is a pull agent's URL, "https://host:port".
	Agent string `toml:"agent"`
	// TokenFile and Token give the agent's bearer token (one of them);
	// Token may be "${ENV_VAR}".
	TokenFile string `toml:"token_file"`
	Token     string `toml:"token"`
	// CAFile holds the certificate(s) to trust for an https agent.
	CAFile string `toml:"ca_file"`
	// Watchdog restarts missing processes (local host only).
	Watchdog []Watchdog `toml:"watchdog"`

	// Interval and Timeout override the defaults for this host.
	Interval Duration `toml:"interval"`
	Timeout  Duration `toml:"timeout"`
	// CountProcesses overrides the global keyword list for this host.
	CountProcesses []string `toml:"count_processes"`
	// RequireProcesses are process names (exact, as pgrep -x) that must be
	// running on this host.
	RequireProcesses []string `toml:"require_processes"`
	// Mounts, when set, are the only mount points reported.
	Mounts []string `toml:"mounts"`
	// IgnoreFSTypes and IgnoreMounts replace the default lists of skipped
	// filesystem types and mount point patterns.
	IgnoreFSTypes []string `toml:"ignore_fstypes"`
	IgnoreMounts  []string `toml:"ignore_mounts"`
	// IgnoreIfaces are network interface patterns to skip (default "lo").
	IgnoreIfaces []string `toml:"ignore_ifaces"`
	// Rules override the global alert rules for this host.
	Rules Rules `toml:"rules"`

	// Prometheus is the URL of the host's node_exporter metrics
	// endpoint; PromQL the URL of a Prometheus server whose every scraped
	// instance becomes a host (config/history.go validates both).
	Prometheus string `toml:"prometheus"`
	PromQL     string `toml:"promql"`
}

// Default returns the configuration used when there is no file.
func Default() Config {
	return Config{
		Interval:       Duration(10 * time.Second),
		FailLimit:      3,
		Retention:      Duration(6 * time.Hour),
		Language:       "en",
		Theme:          "system",
		CountProcesses: []string{"python"},
		TopProcesses:   5,
		Grades:         entity.DefaultGrades,
		Report:         DefaultReport(),
		History:        DefaultHistory(),
		Outbox:         DefaultOutbox(),
		Notify:         DefaultNotify(),
		SSH:            DefaultSSH(),
	}
}

// HostsOrLocal returns the configured hosts, or this machine alone when
// none are.
func (c Config) HostsOrLocal() []Host {
	if len(c.Hosts) > 0 {
		return c.Hosts
	}
	name, _ := os.Hostname()
	if name == "" {
		name = "localhost"
	}
	return []Host{{Name: name, Local: true}}
}

// HostInterval returns h's poll interval, falling back to the default.
func (c Config) HostInterval(h Host) time.Duration {
	if h.Interval > 0 {
		return time.Duration(h.Interval)
	}
	return time.Duration(c.Interval)
}

// HostTimeout returns h's poll deadline, falling back to the default and
// then to the interval.
func (c Config) HostTimeout(h Host) time.Duration {
	switch {
	case h.Timeout > 0:
		return time.Duration(h.Timeout)
	case c.Timeout > 0:
		return min(time.Duration(c.Timeout), c.HostInterval(h))
	}
	return c.HostInterval(h)
}

// HostKeywords returns the process keywords counted on h.
func (c Config) HostKeywords(h Host) []string {
	if h.CountProcesses != nil {
		return h.CountProcesses
	}
	return c.CountProcesses
}

// Duration is a time.Duration written in TOML as a string such as "10s",
// "5m" or "1h30m".
type Duration time.Duration

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("expected a duration such as \"10s\", \"5m\" or \"1h\", got %q", b)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes the duration as Go does ("1m30s").
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// String returns the duration as Go writes it.
func (d Duration) String() string { return time.Duration(d).String() }

// Resolve picks the configuration file: flag if set, else $LOOKOUT_CONFIG,
// else paths.ConfigFile. explicit tells whether the user named it (a named file
// that does not exist is an error; the default one may be absent).
func Resolve(flag string) (path string, explicit bool) {
	if flag != "" {
		return flag, true
	}
	return paths.ConfigFile()
}

// decodeMsg rewrites go-toml's type errors in the user's terms.
func decodeMsg(de *toml.DecodeError) string {
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	if i := strings.Index(msg, "cannot decode TOML "); i >= 0 {
		// "cannot decode TOML string into struct field config.Host.Local of type bool"
		rest := msg[i+len("cannot decode TOML "):]
		got, _, _ := strings.Cut(rest, " ")
		if j := strings.LastIndex(rest, " of type "); j >= 0 {
			return fmt.Sprintf("expected %s, got a %s", typeName(rest[j+len(" of type "):]), got)
		}
	}
	return msg
}

func typeName(goType string) string {
	switch {
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "a whole number"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "string":
		return "a quoted string"
	case strings.HasPrefix(goType, "[]"):
		return "a list such as [\"a\", \"b\"]"
	case strings.HasSuffix(goType, "Duration"):
		return "a duration such as \"10s\""
	}
	return "a table"
}

// known keys for "did you mean" hints, by last path element.
var knownKeys = []string{"interval", "timeout", "fail_limit", "retention", "language", "theme",
	"count_processes", "top_processes", "grades", "hosts", "low", "high", "name", "local",
	"require_processes", "mounts", "ignore_fstypes", "ignore_mounts", "ignore_ifaces",
	"report", "period", "every", "at", "channels", "charts",
	"history", "enabled", "dir", "raw_retention", "minute_retention", "ten_minute_retention", "max_size",
	"prometheus", "promql", "ssh", "identity_file", "agent", "token_file", "token", "ca_file",
	// channels.go
	"channels", "routes", "type", "send_resolved", "reports", "webhook", "secret", "keyword", "mentions",
	"mention_mobiles", "mention_all", "max_images", "token", "chat_id", "api", "url", "headers", "images",
	"host", "port", "security", "username", "password", "from", "to", "app_id", "app_secret",
	"template_id", "to_users", "link", "severity", "hosts",
	"watchdog", "process", "command", "cooldown", "max_attempts",
	"outbox", "max_messages", "max_age", "notify", "group_wait", "group_interval",
	"max_logins",
	// alertmanager.go
	"sources", "cert_file", "key_file", "insecure_skip_verify", "resend_interval", "labels", "filter"}

func suggest(key []string) string {
	if len(key) == 0 {
		return ""
	}
	k := key[len(key)-1]
	best, bestD := "", 3
	for _, cand := range knownKeys {
		if n := len(k) - len(cand); n >= bestD || -n >= bestD {
			continue // the distance is at least the difference in length
		}
		if d := editDistance(k, cand); d < bestD {
			best, bestD = cand, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	var rows [2][40]int // no allocation for the short keys of a config
	prev, cur := rows[0][:], rows[1][:]
	if len(b)+1 > len(prev) {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// processName is what a process name or keyword may contain: names are
// matched, never run, but Lookout refuses shell metacharacters outright so
// that no config value can ever reach a remote shell as code.
var processName = regexp.MustCompile(`^[A-Za-z0-9_.:+@/-][A-Za-z0-9_.:+@/ -]{0,63}$`)

// hostName is what a host's display name may contain.
var hostName = regexp.MustCompile(`^[\p{L}\p{N}_.:@-][\p{L}\p{N}_.:@ -]{0,62}$`)

type validator struct {
	file string
	pos  map[string]int
	errs Errors
}

func (v *validator) add(key, format string, args ...any) {
	line := v.pos[key]
	for k := key; line == 0 && k != ""; {
		// Fall back to the enclosing table's line.
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
		line = v.pos[k]
	}
	v.errs = append(v.errs, Error{File: v.file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

func (c *Config) validate(file string, pos map[string]int) Errors {
	v := &validator{file: file, pos: pos}
	checkInterval(v, "interval", c.Interval)
	if c.Timeout != 0 {
		checkInterval(v, "timeout", c.Timeout)
	}
	if c.FailLimit < 1 || c.FailLimit > 100 {
		v.add("fail_limit", "expected a whole number from 1 to 100, got %d", c.FailLimit)
	}
	if c.Retention < Duration(time.Minute) || c.Retention > Duration(7*24*time.Hour) {
		v.add("retention", "expected a duration from 1m to 168h, got %s", c.Retention)
	}
	if c.Language != "en" && c.Language != "zh" {
		v.add("language", `expected "en" or "zh", got %q`, c.Language)
	}
	if c.Theme != "system" && c.Theme != "light" && c.Theme != "dark" {
		v.add("theme", `expected "system", "light" or "dark", got %q`, c.Theme)
	}
	if c.TopProcesses < 0 || c.TopProcesses > 50 {
		v.add("top_processes", "expected a whole number from 0 to 50, got %d", c.TopProcesses)
	}
	checkNames(v, "count_processes", c.CountProcesses)
	if g := c.Grades; g.Low <= 0 || g.High >= 100 || g.Low >= g.High {
		v.add("grades", "expected 0 < low < high < 100, got low = %g, high = %g", g.Low, g.High)
	}
	c.validateReport(v)
	c.validateHistory(v)
	c.validateOutbox(v)
	c.validateNotify(v)
	c.validateSSH(v)
	names := map[string]bool{}
	locals := 0
	for i, h := range c.Hosts {
		key := fmt.Sprintf("hosts[%d]", i)
		switch {
		case h.Name == "":
			v.add(key+".name", "every host needs a name")
		case !hostName.MatchString(h.Name):
			v.add(key+".name", "a name is letters, digits, spaces and _ . : @ -, at most 63, got %q", h.Name)
		case names[h.Name]:
			v.add(key+".name", "host %q is defined twice", h.Name)
		}
		names[h.Name] = true
		if h.Local {
			locals++
			if locals > 1 {
				v.add(key+".local", "only one host can be the local machine")
			}
		}
		validateReach(v, key, h)
		validatePromHost(v, key, h)
		validateWatchdogs(v, key, h)
		if h.Interval != 0 {
			checkInterval(v, key+".interval", h.Interval)
		}
		if h.Timeout != 0 {
			checkInterval(v, key+".timeout", h.Timeout)
		}
		checkNames(v, key+".count_processes", h.CountProcesses)
		checkNames(v, key+".require_processes", h.RequireProcesses)
		for j, m := range h.Mounts {
			if !strings.HasPrefix(m, "/") {
				v.add(fmt.Sprintf("%s.mounts", key), "entry %d: a mount point is an absolute path, got %q", j+1, m)
			}
		}
	}
	c.validateRules(v)
	c.validateChannels(v)
	c.validateSources(v)
	return v.errs
}

func checkInterval(v *validator, key string, d Duration) {
	if d < Duration(time.Second) || d > Duration(time.Hour) {
		v.add(key, "expected a duration from 1s to 1h, got %s", d)
	}
}

func checkNames(v *validator, key string, names []string) {
	for _, n := range names {
		if !processName.MatchString(n) {
			v.add(key, "process name %q: only letters, digits, spaces and _ . : + @ / - are allowed (no shell metacharacters)", n)
		}
	}
}

// Validate checks c as Parse does and returns every problem, with the key
// of each; File and Line are empty. The settings screen uses it to check
// fields as they are typed.
func Validate(c Config) Errors {
	return c.validate("", map[string]int{})
}
