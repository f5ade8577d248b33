// Command trayhost plays a desktop panel's tray on the session bus for
// scripts/bench-window.sh: it owns org.kde.StatusNotifierWatcher, so that
// Lookout's tray icon registers as it does on a desktop (without one,
// fyne.io/systray logs "failed to register" and no tray is shown), and,
// as a panel does, it reads the item's properties and menu when the item
// registers and again whenever the item signals a change. It runs until
// it is killed.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

type watcher struct{ conn *dbus.Conn }

// RegisterStatusNotifierItem is called by a tray icon; service is an
// object path (as fyne.io/systray sends) or a bus name.
func (w watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	bus, path := string(sender), dbus.ObjectPath("/StatusNotifierItem")
	if strings.HasPrefix(service, "/") {
		path = dbus.ObjectPath(service)
	} else {
		bus = service
	}
	fmt.Fprintf(os.Stderr, "trayhost: item %s%s registered\n", bus, path)
	go w.follow(bus, path)
	return nil
}

// RegisterStatusNotifierHost is part of the watcher interface.
func (watcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

// follow reads the item as a panel does, now and after each of its signals.
func (w watcher) follow(bus string, path dbus.ObjectPath) {
	sigs := make(chan *dbus.Signal, 64)
	w.conn.Signal(sigs)
	if err := w.conn.AddMatchSignal(dbus.WithMatchSender(bus)); err != nil {
		fmt.Fprintln(os.Stderr, "trayhost:", err)
	}
	menuPath := w.readItem(bus, path)
	w.readMenu(bus, menuPath)
	for s := range sigs {
		if s.Sender != bus {
			continue
		}
		switch {
		case strings.HasPrefix(s.Name, "org.kde.StatusNotifierItem."):
			menuPath = w.readItem(bus, path)
		case strings.HasPrefix(s.Name, "com.canonical.dbusmenu."):
			w.readMenu(bus, menuPath)
		}
	}
}

func (w watcher) readItem(bus string, path dbus.ObjectPath) dbus.ObjectPath {
	var props map[string]dbus.Variant
	err := w.conn.Object(bus, path).Call("org.freedesktop.DBus.Properties.GetAll", 0, "org.kde.StatusNotifierItem").Store(&props)
	if err != nil {
		fmt.Fprintln(os.Stderr, "trayhost: GetAll:", err)
	}
	if p, ok := props["Menu"].Value().(dbus.ObjectPath); ok {
		return p
	}
	return "/StatusNotifierMenu"
}

func (w watcher) readMenu(bus string, path dbus.ObjectPath) {
	var revision uint32
	var layout struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	err := w.conn.Object(bus, path).Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&revision, &layout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "trayhost: GetLayout:", err)
	}
}

func main() {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "trayhost: session bus:", err)
		os.Exit(1)
	}
	w := watcher{conn}
	if err := conn.Export(w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		fmt.Fprintln(os.Stderr, "trayhost:", err)
		os.Exit(1)
	}
	if _, err := prop.Export(conn, "/StatusNotifierWatcher", prop.Map{"org.kde.StatusNotifierWatcher": {
		"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitTrue},
		"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitTrue},
		"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitTrue},
	}}); err != nil {
		fmt.Fprintln(os.Stderr, "trayhost:", err)
		os.Exit(1)
	}
	reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		fmt.Fprintf(os.Stderr, "trayhost: cannot own org.kde.StatusNotifierWatcher: %v (reply %v)\n", err, reply)
		os.Exit(1)
	}
	fmt.Println("ready")
	select {}
}
