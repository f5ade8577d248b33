// Package app is the lookout command: the command line (lookout,
// lookout snapshot, lookout check-config, ...), the wiring of config,
// engine, notifier and views, the window's lifecycle and the tray menu. It
// computes no metrics and formats no messages itself.
package app
