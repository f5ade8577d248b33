//go:build !windows

package ssh

// systemSSHConfig is the system-wide ssh client configuration.
func systemSSHConfig() string { return "/etc/ssh/ssh_config" }

// loginName is the account name sent by default.
func loginName(u string) string { return u }
