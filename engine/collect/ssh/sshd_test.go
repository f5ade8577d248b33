package ssh

import (
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"lookout/internal/sshdtest"
)

type sshd = sshdtest.Server

var (
	startSSHD = sshdtest.Start
	newKey    = sshdtest.NewKey
	freePort  = sshdtest.FreePort
)

// options returns collector options for d with a private known_hosts and
// no outside ssh configuration or agent.
func options(d *sshd, t testing.TB, name string) Options {
	dir := t.TempDir()
	return Options{
		Name: name, Target: d.Target(), IdentityFiles: []string{d.ClientKey}, AgentSocket: "none",
		TrustFile: filepath.Join(dir, "known_hosts"), KnownHostsFiles: []string{filepath.Join(dir, "known_hosts")},
		SSHConfigFiles: []string{}, BackoffMin: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond,
	}
}

// trusted returns options whose known_hosts already holds d's key.
func trusted(d *sshd, t testing.TB, name string) Options {
	o := options(d, t, name)
	if err := RecordHostKey(o.TrustFile, d.Addr(), d.HostKey); err != nil {
		t.Fatal(err)
	}
	return o
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }
