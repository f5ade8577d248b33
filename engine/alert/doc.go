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
// A poll that failed fewer than fail_limit times in a row says nothing of
// the unreachable and key_changed conditions (the count starts again at
// every start and reload), and a reading without a metric (Snapshot.Value
// says ok=false, or NaN: the first reading after a start has no rates) is
// no data, never 0; only three such readings in a row take the series as
// gone. So an alert that is still true across a restart or a reload stays
// one alert, and an outage that never ended stays one outage. A reload
// keeps every track, with its samples, its state and its open alert; new
// thresholds apply to the samples already held.
//
// Events go to a Sink, the events of one evaluation round together, and
// to an append-only event log (JSON lines, fsync per round) from which a
// restarted engine restores its open alerts, and what silences held.
//
// Silences (snoozes, one-off and daily maintenance windows) hold events
// back: they are recorded but not sent, and reminders wait. When a
// silence ends, expires or is removed (Resume, RemoveSilence, lookout
// silence clear), the engine does what Alertmanager does: an alert it
// held that still fires is sent at once (its firing, escalation or
// flapping; or the reminder of an alert sent before the silence, when one
// came due during it), and the resolution of an alert whose firing had
// been sent before the silence is sent then. Those events carry
// Event.SilenceEnded, the silence's ID, so that a channel can say why it
// hears of the alert now. An alert that fired and resolved inside the
// silence sends nothing.
//
// The engine takes what it needs of the configuration as plain Settings
// (hosts, a rule set per host from lookout/model, the configured windows),
// built by the caller; it does not import lookout/config. It reads the
// clock only through a Clock, so tests drive it with a fake one. It
// imports neither Fyne nor any network package.
package alert
