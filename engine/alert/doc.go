// Package alert is Lookout's alert engine: it turns the samples of every
// host into alerts that fire when they should, are sent once (and again
// at a repeat interval), and say when they are over.
//
// Each rule of each host is an explicit state machine, in the manner of
// Prometheus's alerting rules and Alertmanager's notifications:
//
//	ok ──sample crosses──▶ pending ──sustained (and held for `for`)──▶ firing (warning | critical)
//	firing ──average below threshold − hysteresis──▶ resolved ──▶ ok
//
// A threshold is compared with the average of the last Sustain samples;
// a firing alert clears only when that average falls below the threshold
// minus the rule's hysteresis margin, so a value hovering at the line
// does not fire and clear on every poll. A rule that still changes state
// flap_flips times within flap_window is marked flapping: one message,
// then nothing until it has been quiet for a whole window. While a host is
// unreachable (or its key changed) its other rules are held: no stale
// alerts and no stale resolutions.
//
// Events go to a Sink, the events of one evaluation round together, and
// to an append-only event log (JSON lines, fsync per round) from which a
// restarted engine restores its open alerts. Silences (snoozes, one-off
// and daily maintenance windows) hold events back: they are recorded but
// not sent, and not replayed when the silence ends.
//
// The engine reads the clock only through a Clock, so tests drive it
// with a fake one. It imports neither Fyne nor any network package.
package alert
