package config

// SSH is the [ssh] section: settings shared by every SSH host.
//
//	[ssh]
//	max_logins = 8   # new SSH logins under way at once, across all hosts
type SSH struct {
	// MaxLogins bounds the SSH logins (connect, handshake,
	// authentication, the login shell and its rc files) under way at
	// once across the fleet (default 8, from 1 to 1000), so that a start
	// or a network blip does not log in to every server at once. Hosts
	// past the bound wait their turn; polls of connected hosts never wait.
	MaxLogins int `toml:"max_logins"`
}

// DefaultSSH is the ssh section when the file has none.
func DefaultSSH() SSH { return SSH{MaxLogins: 8} }

func (c *Config) validateSSH(v *validator) {
	if n := c.SSH.MaxLogins; n < 1 || n > 1000 {
		v.add("ssh.max_logins", "expected a whole number from 1 to 1000, got %d", n)
	}
}
