// Package units reads the state of systemd units: the units a host lists
// (`units = ["nginx", "postgresql"]`) through `systemctl show`, and every
// failed unit through `systemctl list-units --failed`.
//
// The parsers (ParseShow, ParseFailed, ParseRemote) are pure and fed with
// output captured from a real systemd 252 (Debian 12) booted as PID 1 in
// its own PID, mount and cgroup namespaces (testdata/README.md says how).
// Read runs the local systemctl with a timeout; RemoteCommand is the one
// shell command an SSH collector sends, and ParseRemote reads its output.
// Output is untrusted (it may come from a remote host): it is read up to
// MaxOutput bytes, at most MaxUnits units are kept, values are cut at
// MaxValueLen bytes and unit names must be valid systemd unit names before
// they reach a command line.
package units
