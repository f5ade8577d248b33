//go:build windows

package app

// trayHostAvailable is true: Windows always has a notification area, so
// closing the window leaves Lookout there.
func trayHostAvailable() bool { return true }
