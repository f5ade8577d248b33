package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRemoteHosts(t *testing.T) {
	tests := []struct {
		name string
		host string // the body of one [[hosts]] table after name = "h"
		want string // "" for valid, else a substring of the only error
	}{
		{"ssh target", `ssh = "root@10.0.0.5:2222"`, ""},
		{"ssh alias", `ssh = "web1"`, ""},
		{"ssh ipv6", `ssh = "admin@[fe80::1]:22"`, ""},
		{"ssh with identity", "ssh = \"web1\"\nidentity_file = \"~/.ssh/id_ed25519\"", ""},
		{"agent https with token file", "agent = \"https://db1:9120\"\ntoken_file = \"/etc/lookout/token\"", ""},
		{"agent with env token", "agent = \"http://127.0.0.1:9120\"\ntoken = \"${LOOKOUT_TEST_SET_TOKEN}\"", ""},
		{"agent with unset env token", "agent = \"http://127.0.0.1:9120\"\ntoken = \"${LOOKOUT_TEST_UNSET_TOKEN}\"",
			"l.toml:4: hosts[0].token: environment variable LOOKOUT_TEST_UNSET_TOKEN is not set"},
		{"agent with ca", "agent = \"https://db1:9120\"\ntoken = \"x\"\nca_file = \"/etc/ca.pem\"", ""},
		{"nothing", `interval = "5s"`, "say how to reach the host"},
		{"two ways", "local = true\nssh = \"web1\"", "choose one of local, ssh, agent, prometheus and promql"},
		{"ssh shell injection", `ssh = "web1; rm -rf /"`, "no spaces or shell metacharacters"},
		{"ssh option injection", `ssh = "-oProxyCommand=touch /tmp/x"`, "no spaces or shell metacharacters"},
		{"ssh bad port", `ssh = "web1:70000"`, "port 70000"},
		{"identity without ssh", "local = true\nidentity_file = \"x\"", "identity_file is for ssh hosts"},
		{"agent without token", `agent = "https://db1:9120"`, "needs token_file"},
		{"agent two tokens", "agent = \"https://db1:9120\"\ntoken = \"a\"\ntoken_file = \"b\"", "not both"},
		{"agent ftp", "agent = \"ftp://db1\"\ntoken = \"a\"", "scheme \"ftp\""},
		{"agent no host", "agent = \"https://\"\ntoken = \"a\"", "no host"},
		{"agent password in url", "agent = \"https://u:pw@db1\"\ntoken = \"a\"", "not in the URL"},
		{"token on ssh host", "ssh = \"web1\"\ntoken = \"a\"", "token is for agent hosts"},
		{"ca on http agent", "agent = \"http://db1\"\ntoken = \"a\"\nca_file = \"x\"", "needs an https://"},
		{"bad env syntax", "agent = \"https://db1\"\ntoken = \"$TOKEN\"", `written "${NAME}"`},
		{"watchdog", "local = true\n[[hosts.watchdog]]\nprocess = \"apache2\"\ncommand = [\"/usr/bin/systemctl\", \"restart\", \"apache2\"]\ncooldown = \"2m\"\nmax_attempts = 2", ""},
		{"watchdog on ssh host", "ssh = \"web1\"\n[[hosts.watchdog]]\nprocess = \"x\"\ncommand = [\"/bin/true\"]", "local machine only"},
		{"watchdog relative command", "local = true\n[[hosts.watchdog]]\nprocess = \"x\"\ncommand = [\"systemctl\"]", "absolute path"},
		{"watchdog shell process", "local = true\n[[hosts.watchdog]]\nprocess = \"x|y\"\ncommand = [\"/bin/true\"]", "no shell metacharacters"},
		{"watchdog short cooldown", "local = true\n[[hosts.watchdog]]\nprocess = \"x\"\ncommand = [\"/bin/true\"]\ncooldown = \"1s\"", "10s to 24h"},
		{"required process with metachar", "ssh = \"web1\"\nrequire_processes = [\"nginx$(reboot)\"]", "no shell metacharacters"},
	}
	t.Setenv("LOOKOUT_TEST_SET_TOKEN", "tok")
	os.Unsetenv("LOOKOUT_TEST_UNSET_TOKEN")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := "[[hosts]]\nname = \"h\"\n" + tt.host + "\n"
			_, err := Parse("l.toml", []byte(doc))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 || !strings.Contains(es[0].Error(), tt.want) || es[0].Line == 0 {
				t.Fatalf("errors %v, want one with a line containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "pw") && tt.name == "agent password in url" {
				t.Error("the password is echoed")
			}
		})
	}
}

func TestAgentToken(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	os.WriteFile(file, []byte("  tok-from-file \nsecond line\n"), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	t.Setenv("LOOKOUT_TEST_TOKEN", "tok-from-env")
	tests := []struct {
		name string
		h    Host
		want string
		err  string
	}{
		{"file", Host{TokenFile: file}, "tok-from-file", ""},
		{"env", Host{Token: "${LOOKOUT_TEST_TOKEN}"}, "tok-from-env", ""},
		{"literal", Host{Token: "plain"}, "plain", ""},
		{"unset env", Host{Token: "${LOOKOUT_NO_SUCH_VAR}"}, "", "LOOKOUT_NO_SUCH_VAR is not set"},
		{"empty file", Host{TokenFile: empty}, "", "is empty"},
		{"absent file", Host{TokenFile: filepath.Join(dir, "nope")}, "", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.h.AgentToken()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
