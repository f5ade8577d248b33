// Package daemon is Lookout without a screen: it owns the lifecycle of
// `lookoutd run` — configuration, the monitor (collectors and sampler),
// the history database, the /metrics and /healthz endpoint, reload on
// SIGHUP and an orderly stop on SIGTERM.
//
// Rules, channels, the outbox and scheduled reports plug in through Hooks:
// Observe sees every poll (the rules engine's input), Start runs once
// everything is up (start the dispatcher and the report scheduler there),
// Reload gets each new configuration that was accepted, Stop runs after
// polling has stopped and before the history closes (flush or keep the
// outbox there), and OutboxDepth feeds lookout_outbox_depth.
package daemon
