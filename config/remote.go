package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Remote hosts: how each [[hosts]] entry is reached. Exactly one of
// local = true, ssh = "..." and agent = "..." is set.
//
//	ssh = "user@host:port" or an alias of ~/.ssh/config
//	identity_file = "~/.ssh/id_ed25519"   (ssh; optional)
//	agent = "https://host:port"
//	token_file = "/path/to/token" or token = "${ENV_VAR}"  (agent; one of)
//	ca_file = "/path/to/agent-cert.pem"   (https agent; optional)

// Kinds of host, as Host.Kind returns them.
const (
	KindLocal      = "local"
	KindSSH        = "ssh"
	KindAgent      = "agent"
	KindPrometheus = "prometheus" // one node_exporter endpoint
	KindPromQL     = "promql"     // a fleet read from a Prometheus server
)

// Kind says how h is reached: "local", "ssh", "agent", "prometheus",
// "promql", or "" when the configuration does not say (validation
// rejects that).
func (h Host) Kind() string {
	switch {
	case h.Local:
		return KindLocal
	case h.SSH != "":
		return KindSSH
	case h.Agent != "":
		return KindAgent
	case h.Prometheus != "":
		return KindPrometheus
	case h.PromQL != "":
		return KindPromQL
	}
	return ""
}

// sshTarget is [user@]host[:port], an IPv6 address in brackets, or an
// alias: no spaces, quotes or shell metacharacters, no leading '-'.
var sshTarget = regexp.MustCompile(`^([A-Za-z0-9._][A-Za-z0-9._@-]*@)?([A-Za-z0-9_][A-Za-z0-9._-]*|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$`)

// envSecret is a secret taken from the environment: "${NAME}".
var envSecret = regexp.MustCompile(`^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$`)

func validateReach(v *validator, key string, h Host) {
	n := 0
	for _, set := range []bool{h.Local, h.SSH != "", h.Agent != "", h.Prometheus != "", h.PromQL != ""} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		v.add(key, `say how to reach the host: local = true, ssh = "user@host:port" (or an ~/.ssh/config alias), agent = "https://host:port", prometheus = "http://host:9100/metrics" or promql = "http://prometheus:9090"`)
	case n > 1:
		v.add(key, "choose one of local, ssh, agent, prometheus and promql")
	}
	if h.SSH != "" {
		if m := sshTarget.FindStringSubmatch(h.SSH); m == nil {
			v.add(key+".ssh", `expected "user@host:port" or an ssh config alias (no spaces or shell metacharacters), got %q`, h.SSH)
		} else if m[3] != "" {
			if p, _ := strconv.Atoi(m[3][1:]); p < 1 || p > 65535 {
				v.add(key+".ssh", "port %d: expected 1 to 65535", p)
			}
		}
	}
	if h.IdentityFile != "" && h.SSH == "" {
		v.add(key+".identity_file", "identity_file is for ssh hosts")
	}
	if h.Agent != "" {
		checkAgentURL(v, key+".agent", h.Agent)
		switch {
		case h.Token == "" && h.TokenFile == "":
			v.add(key, `an agent host needs token_file = "/path/to/token" or token = "${ENV_VAR}"`)
		case h.Token != "" && h.TokenFile != "":
			v.add(key+".token", "set token_file or token, not both")
		}
	} else {
		if h.Token != "" {
			v.add(key+".token", "token is for agent hosts")
		}
		if h.TokenFile != "" {
			v.add(key+".token_file", "token_file is for agent hosts")
		}
		if h.CAFile != "" {
			v.add(key+".ca_file", "ca_file is for https agent hosts")
		}
	}
	if strings.HasPrefix(h.Token, "$") && !envSecret.MatchString(h.Token) {
		v.add(key+".token", `an environment variable is written "${NAME}"`)
	} else if h.Agent != "" && envRef.MatchString(h.Token) {
		// The daemon cannot start without the token: say so now, with
		// the line, rather than when the host is first polled.
		if _, err := ExpandSecret(h.Token); err != nil {
			v.add(key+".token", "%v", err)
		}
	}
	if h.CAFile != "" && strings.HasPrefix(h.Agent, "http://") {
		v.add(key+".ca_file", "ca_file needs an https:// agent")
	}
}

func checkAgentURL(v *validator, key, s string) {
	u, err := url.Parse(s)
	if err != nil {
		v.add(key, `expected "https://host:port", got something that is not a URL`)
		return
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		v.add(key, `expected "https://host:port" (or http://), got scheme %q`, u.Scheme)
	case u.Host == "":
		v.add(key, `expected "https://host:port": no host`)
	case u.User != nil:
		v.add(key, "put the agent's token in token_file or token, not in the URL")
	case u.RawQuery != "" || u.Fragment != "":
		v.add(key, `expected "https://host:port" without ?query or #fragment`)
	}
}

// AgentToken returns h's agent token: the first line of token_file
// (surrounding spaces trimmed), or token after ExpandSecret.
func (h Host) AgentToken() (string, error) {
	if h.TokenFile != "" {
		b, err := os.ReadFile(ExpandPath(h.TokenFile))
		if err != nil {
			return "", fmt.Errorf("token_file: %w", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		tok := strings.TrimSpace(line)
		if tok == "" {
			return "", fmt.Errorf("token_file %s is empty", h.TokenFile)
		}
		return tok, nil
	}
	if h.Token == "" {
		return "", errors.New("no token_file or token")
	}
	tok, err := ExpandSecret(h.Token)
	if err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	return tok, nil
}

// ExpandPath expands a leading ~/ to the home directory.
func ExpandPath(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}
