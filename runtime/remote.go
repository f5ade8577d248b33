package runtime

import (
	"fmt"
	"log/slog"
	"sync"

	"lookout/config"
	"lookout/engine/collect/agent"
	"lookout/engine/collect/local"
	sshcol "lookout/engine/collect/ssh"
)

// SSHOptions returns the SSH collector options for host h.
func SSHOptions(cfg config.Config, h config.Host) sshcol.Options {
	o := sshcol.Options{
		Name: h.Name, Target: h.SSH, Log: slog.Default(), Logins: sshLogins(cfg.SSH.MaxLogins),
		Filter: sshcol.Filter{
			Mounts: h.Mounts, IgnoreFSTypes: h.IgnoreFSTypes, IgnoreMounts: h.IgnoreMounts,
			IgnoreIfaces: h.IgnoreIfaces, Keywords: cfg.HostKeywords(h), Required: h.Required(),
			TopN: topN(cfg),
		},
	}
	if o.Filter.IgnoreFSTypes == nil {
		o.Filter.IgnoreFSTypes = local.DefaultIgnoreFSTypes
	}
	if o.Filter.IgnoreMounts == nil {
		o.Filter.IgnoreMounts = local.DefaultIgnoreMounts
	}
	if o.Filter.IgnoreIfaces == nil {
		o.Filter.IgnoreIfaces = []string{"lo"}
	}
	if h.IdentityFile != "" {
		o.IdentityFiles = []string{config.ExpandPath(h.IdentityFile)}
	}
	return o
}

// logins is the process's bound on SSH logins at once ([ssh] max_logins),
// shared by every SSH collector: the monitor's, and those of the CLI
// (lookout hosts polls every host at once). A reload with another bound
// starts a new one.
var logins struct {
	sync.Mutex
	n int
	l *sshcol.Logins
}

func sshLogins(n int) *sshcol.Logins {
	if n <= 0 {
		n = config.DefaultSSH().MaxLogins
	}
	logins.Lock()
	defer logins.Unlock()
	if logins.l == nil || logins.n != n {
		logins.n, logins.l = n, sshcol.NewLogins(n)
	}
	return logins.l
}

// NewSSHCollector builds the SSH collector of host h.
func NewSSHCollector(cfg config.Config, h config.Host) (*sshcol.Collector, error) {
	return sshcol.New(SSHOptions(cfg, h))
}

// NewAgentCollector builds the collector of an agent host; it reads the
// token (from token_file or the environment) now.
func NewAgentCollector(cfg config.Config, h config.Host) (*agent.Collector, error) {
	tok, err := h.AgentToken()
	if err != nil {
		return nil, fmt.Errorf("agent token: %w", err)
	}
	o := agent.Options{Name: h.Name, URL: h.Agent, Token: tok, Keywords: cfg.HostKeywords(h), Required: h.RequireProcesses}
	if h.CAFile != "" {
		o.CAFile = config.ExpandPath(h.CAFile)
	}
	return agent.New(o)
}
