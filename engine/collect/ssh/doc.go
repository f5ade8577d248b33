// Package ssh collects snapshots of remote Linux servers over SSH without
// installing anything on them (agentless).
//
// A Collector keeps one persistent connection per host (with keepalives,
// and reconnects with capped exponential back-off and jitter). On it one
// remote /bin/sh (ShellCommand) reads the host's fixed facts once
// (InfoScript) and then becomes the persistent reader (ReaderProgram):
// one long-lived awk that answers each poll's one-letter request by
// reading /proc/stat, meminfo, loadavg, net/dev, diskstats, uptime and
// every /proc/[pid]/stat with getline, each line prefixed with its file
// name, and runs df -P -T -k only when the mounts changed or the last df
// is DfMaxAge old. No process is started per poll, and the login shell's
// rc files run once per connection. Where the remote has no awk (or its
// awk never answers) each poll writes Script instead — one grep and one
// df — and the snapshot's "reader" part says so. Nothing from the
// configuration or the network is ever pasted into these commands. The
// text is parsed on the workstation by the pure parsers of
// lookout/engine/procfs, the same ones the fixture tests feed, and turned
// into an entity.Snapshot of the same shape as the local collector's.
// Everything the remote prints is bounded (line length, reply size,
// process lines). Rates come from the collector's own engine.Deltas,
// clocked by the remote /proc/uptime so that network latency does not
// distort them. The first reading after a start (or after the remote's
// counters reset) is marked entity.Snapshot.RatesUnknown: a gap, not
// zeros.
//
// A remote polled with Script and without grep is a host error that names
// it (every figure would be missing); without df, the disks part carries
// the error. The login (connect, handshake, authentication, the login
// shell) has its own deadline, DialTimeout, and is not charged to the
// poll's; a host never has two logins at once, and Logins bounds the
// logins under way across the collectors sharing it. A poll or login that
// times out kills its session (SSH "signal" SIGKILL, which sshd delivers
// to the session's process group except for root logins) and closes it;
// the reader, seeing its input end, ends its own process group.
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
