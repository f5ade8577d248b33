package entity

import "time"

// HostState is what the window and tray show of a host's health as far as
// polling goes. The alert engine adds warning and critical on top.
type HostState string

// Polling states.
const (
	StatePending     HostState = "pending"     // not polled yet
	StateOK          HostState = "ok"          // the last poll succeeded
	StateFailing     HostState = "failing"     // the last poll failed, fewer than the limit in a row
	StateUnreachable HostState = "unreachable" // the limit of failed polls in a row was reached
	StateUntrusted   HostState = "untrusted"   // the host key is not trusted yet
	StateKeyChanged  HostState = "key_changed" // the host key changed: refused
	StatePaused      HostState = "paused"      // polling paused by the user
)

// ErrorKind classifies a failed poll so that states and back-off can differ:
// a host whose key is not trusted is not retried in a tight loop.
type ErrorKind string

// A collector may wrap its error in a *PollError to say what kind it is.
const (
	KindUnknown    ErrorKind = ""
	KindRefused    ErrorKind = "refused"
	KindTimeout    ErrorKind = "timeout"
	KindAuth       ErrorKind = "auth"
	KindUntrusted  ErrorKind = "untrusted"
	KindKeyChanged ErrorKind = "key_changed"
	KindProtocol   ErrorKind = "protocol"
)

// HostStatus is the polling status of one target.
type HostStatus struct {
	Host      string
	State     HostState
	LastPoll  time.Time // when the last poll finished
	LastOK    time.Time
	LastError string
	ErrorKind ErrorKind
	Failures  int           // failed polls in a row
	Duration  time.Duration // how long the last poll took
}
