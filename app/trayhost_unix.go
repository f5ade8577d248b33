//go:build !windows

package app

import "github.com/godbus/dbus/v5"

// trayHostAvailable reports whether a tray (a StatusNotifierWatcher) is on
// the session bus, so that closing the window can leave Lookout there.
func trayHostAvailable() bool {
	conn, err := dbus.SessionBus()
	if err != nil {
		return false
	}
	var has bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
	return err == nil && has
}
