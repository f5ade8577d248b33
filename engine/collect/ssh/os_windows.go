//go:build windows

package ssh

import (
	"os"
	"path/filepath"
	"strings"
)

// systemSSHConfig is OpenSSH for Windows' system-wide client
// configuration, %ProgramData%\ssh\ssh_config.
func systemSSHConfig() string {
	dir := os.Getenv("ProgramData")
	if dir == "" {
		dir = `C:\ProgramData`
	}
	return filepath.Join(dir, "ssh", "ssh_config")
}

// loginName is the account name OpenSSH for Windows sends by default:
// user.Current says DOMAIN\name, the server wants name.
func loginName(u string) string {
	if i := strings.LastIndexByte(u, '\\'); i >= 0 {
		return u[i+1:]
	}
	return u
}
