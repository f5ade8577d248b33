// Package config reads, validates and writes Lookout's TOML configuration.
//
// Every error names the file, the line and the key, and says what was
// expected: an unknown key, a value of the wrong type and a value out of
// range are all errors, never silently ignored. The window and the daemon
// keep running on the last good configuration when a new one is bad.
package config
