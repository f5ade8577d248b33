// Package procfs parses the text of Linux /proc and df output into typed
// values. The parsers are pure: they take the file's bytes and never touch
// the file system, so the local collector, the SSH collector (which reads a
// remote /proc in one command) and the tests (fed with fixture files under
// testdata/) all use the same code.
package procfs
