// Package ssh collects snapshots of remote Linux servers over SSH without
// installing anything on them (agentless).
//
// A Collector keeps one persistent connection per host (with keepalives,
// and reconnects with capped exponential back-off and jitter). Each poll
// opens one session that runs one fixed, read-only shell command (Script):
// a single grep prints /proc/stat, meminfo, loadavg, net/dev, diskstats,
// uptime and every /proc/[pid]/stat, each line prefixed with its file
// name, then df -P -T -k prints filesystem usage. Nothing from the
// configuration or the network is ever pasted into that command. The text
// is parsed on the workstation by the pure parsers of lookout/engine/procfs,
// the same ones the fixture tests feed, and turned into an entity.Snapshot
// of the same shape as the local collector's. Rates come from the
// collector's own engine.Deltas, clocked by the remote /proc/uptime so that
// network latency does not distort them. The first reading after a start
// (or after the remote's counters reset) is marked
// entity.Snapshot.RatesUnknown: a gap, not zeros.
//
// A remote without grep is a host error that names it (every figure would
// be missing); without df, the disks part carries the error. The login
// (connect, handshake, authentication) has its own deadline, DialTimeout,
// and is not charged to the poll's.
//
// Host keys are checked against ~/.ssh/known_hosts and Lookout's own
// known_hosts file (TrustFile). An unknown key is not connected to
// (engine.KindUntrusted, with its SHA256 fingerprint); a changed key is
// refused (engine.KindKeyChanged) and never replaced. Trust and
// RecordHostKey add a key after the user has confirmed its fingerprint.
//
// Libraries, and why: golang.org/x/crypto/ssh is the Go SSH implementation
// (and its agent package talks to ssh-agent); github.com/skeema/knownhosts
// wraps x/crypto's knownhosts to pick the host key algorithms from the
// known_hosts entries (golang/go#29286: otherwise a server that prefers
// another key type fails with "key mismatch") and to tell unknown from
// changed keys; github.com/kevinburke/ssh_config reads ~/.ssh/config so that
// aliases with HostName, User, Port, IdentityFile and ProxyJump work as
// they do for ssh(1).
package ssh
