// Package config reads, validates and writes Lookout's TOML configuration.
//
// Every error names the file, the line and the key, and says what was
// expected: an unknown key, a value of the wrong type and a value out of
// range are all errors, never silently ignored, and every one of them is
// reported at once (Check also returns the warnings of a file that has
// errors). An agent token written "${NAME}" whose variable is not set is
// an error too. A file is at most MaxFileSize (1 MiB) and a table at most
// MaxTableKeys keys; parsing is linear in the size of the file. The window
// and the daemon keep running on the last good configuration when a new
// one is bad.
package config
