package ssh

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"

	sshconfig "github.com/kevinburke/ssh_config"
)

// endpoint is one SSH server to connect to, after ~/.ssh/config.
type endpoint struct {
	Alias      string   // what the configuration said ("web1" or "root@10.0.0.5:2222")
	User       string   // login name
	Host       string   // host name or address to dial (ssh_config HostName)
	Port       int      // TCP port
	Identities []string // identity files from ssh_config (may not exist)
	ProxyJump  []string // jump hosts, first hop first
}

// Addr returns host:port for dialing and for known_hosts lookups.
func (e endpoint) Addr() string { return net.JoinHostPort(e.Host, strconv.Itoa(e.Port)) }

func (e endpoint) String() string { return e.User + "@" + e.Addr() }

// ParseTarget splits "[user@]host[:port]" (IPv6 addresses in brackets:
// "user@[::1]:22"). Port is 0 and user "" when not given.
func ParseTarget(s string) (userName, host string, port int, err error) {
	if s == "" {
		return "", "", 0, errors.New("empty ssh target")
	}
	if strings.ContainsAny(s, " \t\r\n\"'`$;&|<>(){}\\") || strings.HasPrefix(s, "-") {
		return "", "", 0, fmt.Errorf("ssh target %q: want user@host:port or an ssh config alias", s)
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		userName, s = s[:i], s[i+1:]
		if userName == "" {
			return "", "", 0, errors.New("ssh target: empty user before @")
		}
	}
	switch {
	case strings.HasPrefix(s, "["):
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", "", 0, fmt.Errorf("ssh target %q: missing ]", s)
		}
		host = s[1:end]
		rest := s[end+1:]
		if rest != "" {
			if !strings.HasPrefix(rest, ":") {
				return "", "", 0, fmt.Errorf("ssh target %q: want [address]:port", s)
			}
			if port, err = parsePort(rest[1:]); err != nil {
				return "", "", 0, err
			}
		}
	case strings.Count(s, ":") == 1:
		h, p, _ := strings.Cut(s, ":")
		host = h
		if port, err = parsePort(p); err != nil {
			return "", "", 0, err
		}
	default:
		host = s // a name, an IPv4 address or a bare IPv6 address
	}
	if host == "" {
		return "", "", 0, errors.New("ssh target: empty host")
	}
	return userName, host, port, nil
}

func parsePort(p string) (int, error) {
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("ssh port %q: want a number from 1 to 65535", p)
	}
	return n, nil
}

// sshConfigs is a list of parsed ssh_config files, looked up in order
// (user file first, then the system one), as ssh(1) does.
type sshConfigs []*sshconfig.Config

// loadSSHConfigs parses the files that exist. A file that exists but does
// not parse is an error: the user's aliases would silently be wrong.
func loadSSHConfigs(files []string) (sshConfigs, error) {
	var cs sshConfigs
	for _, f := range files {
		fh, err := os.Open(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		c, err := sshconfig.Decode(fh)
		fh.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		cs = append(cs, c)
	}
	return cs, nil
}

func (cs sshConfigs) get(alias, key string) string {
	for _, c := range cs {
		if v, err := c.Get(alias, key); err == nil && v != "" {
			return v
		}
	}
	return ""
}

func (cs sshConfigs) getAll(alias, key string) []string {
	for _, c := range cs {
		if v, err := c.GetAll(alias, key); err == nil && len(v) > 0 {
			return v
		}
	}
	return nil
}

// resolve turns a target into an endpoint: values written in the target
// win over ~/.ssh/config, which wins over the defaults (the current user,
// port 22), as on ssh's command line.
func resolve(target string, cs sshConfigs) (endpoint, error) {
	u, host, port, err := ParseTarget(target)
	if err != nil {
		return endpoint{}, err
	}
	e := endpoint{Alias: target, User: u, Host: host, Port: port}
	if hn := cs.get(host, "HostName"); hn != "" {
		e.Host = strings.ReplaceAll(hn, "%h", host)
	}
	if e.User == "" {
		e.User = cs.get(host, "User")
	}
	if e.User == "" {
		e.User = currentUser()
	}
	if e.Port == 0 {
		if p := cs.get(host, "Port"); p != "" {
			if e.Port, err = parsePort(p); err != nil {
				return endpoint{}, fmt.Errorf("ssh config for %s: %w", host, err)
			}
		}
	}
	if e.Port == 0 {
		e.Port = 22
	}
	for _, id := range cs.getAll(host, "IdentityFile") {
		e.Identities = append(e.Identities, expandPath(id, e, host))
	}
	if pj := cs.get(host, "ProxyJump"); pj != "" && !strings.EqualFold(pj, "none") {
		for _, hop := range strings.Split(pj, ",") {
			if hop = strings.TrimSpace(hop); hop != "" {
				e.ProxyJump = append(e.ProxyJump, strings.TrimPrefix(hop, "ssh://"))
			}
		}
	}
	return e, nil
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return loginName(u.Username)
	}
	return os.Getenv("USER")
}

// expandPath expands ~ and the ssh_config tokens %d %h %p %r %u %% in an
// IdentityFile value.
func expandPath(p string, e endpoint, alias string) string {
	home, _ := os.UserHomeDir()
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = filepath.Join(home, strings.TrimPrefix(p, "~"))
	}
	r := strings.NewReplacer("%%", "%", "%d", home, "%h", e.Host, "%n", alias, "%p", strconv.Itoa(e.Port),
		"%r", e.User, "%u", currentUser())
	return r.Replace(p)
}
