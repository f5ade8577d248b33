// Package runtime is the one Lookout that both front ends run: the window
// (lookout) and the daemon (lookoutd run) each Open a Runtime and differ
// only in the Options they pass — the window adds its desktop notifier
// and UI callbacks and runs Tolerant, lookoutd adds the /metrics listener
// and the SIGHUP channel. Nothing here imports Fyne.
//
// The lifecycle, in order:
//
//	Open    resolve the directories (lookout/internal/paths), load the
//	        configuration, claim the state directory (ClaimState: one
//	        running Lookout per directory, and its alert state belongs to
//	        one configuration file), open the history, start the rules,
//	        the channels with their outbox and the scheduled reports
//	        (Service), serve /metrics and /healthz, start polling
//	        (Monitor: one collector per host, the sampler, the ring teed
//	        with the history).
//	Run     until the context ends: reload the file on SIGHUP, prune the
//	        history every ten minutes; then Close.
//	Reload  put a new configuration in force without a restart (polling,
//	        rules, channels, reports); Save writes it first (Settings).
//	        Alerts that still hold stay open across a reload.
//	Close   stop the endpoint, polling, the rules and channels (what is
//	        queued stays in the outbox for the next start), the history,
//	        and give the state directory back. Idempotent.
//
// Where the files live is decided by lookout/internal/paths alone: under
// the shipped systemd unit (read-only HOME, StateDirectory=lookout) the
// outbox, the event log, silences and the history all land in
// $STATE_DIRECTORY.
package runtime
