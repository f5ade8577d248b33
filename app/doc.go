// Package app is the lookout command: the command line (lookout,
// lookout snapshot, lookout check-config, ...), the wiring of config,
// engine, notifier and views, the window's lifecycle and the tray menu. It
// computes no metrics and formats no messages itself. Its tables (lookout
// alerts, hosts, snapshot, report) name rules and figures and write
// durations as the window does, in the configured language
// (i18n.RuleName, i18n.Duration), never as raw keys. The tray's icon and
// title follow the worst host, paused polling and snoozes; its menu names
// the hosts in trouble and their states and is rebuilt only when those
// change.
package app
