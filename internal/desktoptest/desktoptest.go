// Package desktoptest plays the desktop's side of the session D-Bus for
// end-to-end tests: a StatusNotifierWatcher that tray icons register with
// (as a panel's tray does), readers for the item's properties and its
// com.canonical.dbusmenu menu, clicks on menu entries, and an
// org.freedesktop.Notifications server that records every notification.
package desktoptest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"

	"lookout/internal/testenv"
)

// SessionBus returns the address of a session bus for the test:
// $DBUS_SESSION_BUS_ADDRESS when set (make test runs under
// dbus-run-session), or a private dbus-daemon started for the test.
// Either way the variable is set for the test and its children.
func SessionBus(t testing.TB) string {
	t.Helper()
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" {
		return a
	}
	daemon := testenv.Require(t, "dbus-daemon")
	cmd := exec.Command(daemon, "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

func connect(t testing.TB) *dbus.Conn {
	t.Helper()
	SessionBus(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// Item is a registered StatusNotifierItem: the bus name of its owner and
// its object path.
type Item struct {
	Bus  string
	Path dbus.ObjectPath
}

// Watcher is a StatusNotifierWatcher.
type Watcher struct {
	conn  *dbus.Conn
	items chan Item
}

// StartWatcher owns org.kde.StatusNotifierWatcher on the session bus.
func StartWatcher(t testing.TB) *Watcher {
	t.Helper()
	conn := connect(t)
	w := &Watcher{conn: conn, items: make(chan Item, 16)}
	if err := conn.Export(watcherMethods{w}, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	_, err := prop.Export(conn, "/StatusNotifierWatcher", prop.Map{"org.kde.StatusNotifierWatcher": {
		"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitTrue},
		"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitTrue},
		"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitTrue},
	}})
	if err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("cannot own org.kde.StatusNotifierWatcher: %v (reply %v)", err, reply)
	}
	return w
}

type watcherMethods struct{ w *Watcher }

// RegisterStatusNotifierItem is called by tray icons. service is an object
// path (as fyne.io/systray sends) or a bus name.
func (m watcherMethods) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	it := Item{Bus: string(sender), Path: "/StatusNotifierItem"}
	if strings.HasPrefix(service, "/") {
		it.Path = dbus.ObjectPath(service)
	} else {
		it.Bus = service
	}
	m.w.items <- it
	return nil
}

// RegisterStatusNotifierHost is part of the watcher interface.
func (watcherMethods) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

// WaitItem waits for a tray icon to register.
func (w *Watcher) WaitItem(t testing.TB, timeout time.Duration) Item {
	t.Helper()
	select {
	case it := <-w.items:
		return it
	case <-time.After(timeout):
		t.Fatalf("no tray item registered within %v", timeout)
		return Item{}
	}
}

// Properties reads every org.kde.StatusNotifierItem property of it.
func (w *Watcher) Properties(t testing.TB, it Item) map[string]dbus.Variant {
	t.Helper()
	var props map[string]dbus.Variant
	err := w.conn.Object(it.Bus, it.Path).Call("org.freedesktop.DBus.Properties.GetAll", 0, "org.kde.StatusNotifierItem").Store(&props)
	if err != nil {
		t.Fatalf("GetAll: %v", err)
	}
	return props
}

// ToolTip returns the tooltip's title and description.
func ToolTip(props map[string]dbus.Variant) (title, description string) {
	v, ok := props["ToolTip"]
	if !ok {
		return "", ""
	}
	fields, ok := v.Value().([]any)
	if !ok || len(fields) < 4 {
		return fmt.Sprint(v.Value()), ""
	}
	title, _ = fields[2].(string)
	description, _ = fields[3].(string)
	return title, description
}

// IconPixmap returns the first icon's size and its ARGB bytes.
func IconPixmap(props map[string]dbus.Variant) (w, h int, argb []byte) {
	v, ok := props["IconPixmap"]
	if !ok {
		return 0, 0, nil
	}
	icons, ok := v.Value().([][]any)
	if !ok || len(icons) == 0 || len(icons[0]) < 3 {
		return 0, 0, nil
	}
	w32, _ := icons[0][0].(int32)
	h32, _ := icons[0][1].(int32)
	argb, _ = icons[0][2].([]byte)
	return int(w32), int(h32), argb
}

// MenuEntry is one entry of a dbusmenu layout.
type MenuEntry struct {
	ID       int32
	Label    string
	Enabled  bool
	Children []MenuEntry
}

// Menu reads the item's menu through com.canonical.dbusmenu.GetLayout.
func (w *Watcher) Menu(t testing.TB, it Item) []MenuEntry {
	t.Helper()
	menu, _ := w.MenuRevision(t, it)
	return menu
}

// MenuRevision reads the item's menu and the layout revision GetLayout
// reports with it: the revision rises every time the item rebuilds or
// changes its menu (as its LayoutUpdated signal announces).
func (w *Watcher) MenuRevision(t testing.TB, it Item) ([]MenuEntry, uint32) {
	t.Helper()
	var menuPath dbus.ObjectPath = "/StatusNotifierMenu"
	if v, ok := w.Properties(t, it)["Menu"]; ok {
		if p, ok := v.Value().(dbus.ObjectPath); ok {
			menuPath = p
		}
	}
	var revision uint32
	var layout struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	err := w.conn.Object(it.Bus, menuPath).Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&revision, &layout)
	if err != nil {
		t.Fatalf("GetLayout: %v", err)
	}
	return entries(layout.Children), revision
}

func entries(children []dbus.Variant) []MenuEntry {
	var out []MenuEntry
	for _, c := range children {
		fields, ok := c.Value().([]any)
		if !ok || len(fields) < 3 {
			continue
		}
		e := MenuEntry{Enabled: true}
		e.ID, _ = fields[0].(int32)
		props, _ := fields[1].(map[string]dbus.Variant)
		if v, ok := props["label"]; ok {
			e.Label, _ = v.Value().(string)
		}
		if v, ok := props["enabled"]; ok {
			e.Enabled, _ = v.Value().(bool)
		}
		if v, ok := props["visible"]; ok {
			if vis, _ := v.Value().(bool); !vis {
				continue
			}
		}
		if kids, ok := fields[2].([]dbus.Variant); ok {
			e.Children = entries(kids)
		}
		if typ, ok := props["type"]; ok && typ.Value() == "separator" {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Find returns the entry whose label contains label, searching children.
func Find(menu []MenuEntry, label string) (MenuEntry, bool) {
	for _, e := range menu {
		if strings.Contains(e.Label, label) {
			return e, true
		}
		if c, ok := Find(e.Children, label); ok {
			return c, true
		}
	}
	return MenuEntry{}, false
}

// Click sends a "clicked" event for menu entry id, as a panel does.
func (w *Watcher) Click(t testing.TB, it Item, id int32) {
	t.Helper()
	err := w.conn.Object(it.Bus, "/StatusNotifierMenu").Call("com.canonical.dbusmenu.Event", 0,
		id, "clicked", dbus.MakeVariant(""), uint32(time.Now().Unix())).Err
	if err != nil {
		t.Fatalf("Event clicked %d: %v", id, err)
	}
}

// Notification is one org.freedesktop.Notifications.Notify call.
type Notification struct {
	App, Summary, Body string
}

// Notifications is a notification server that records what it is sent.
type Notifications struct {
	mu   sync.Mutex
	got  []Notification
	next uint32
	ch   chan Notification
}

// StartNotifications owns org.freedesktop.Notifications on the session bus.
func StartNotifications(t testing.TB) *Notifications {
	t.Helper()
	conn := connect(t)
	n := &Notifications{ch: make(chan Notification, 64)}
	if err := conn.Export(notifyMethods{n}, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("cannot own org.freedesktop.Notifications: %v (reply %v)", err, reply)
	}
	return n
}

type notifyMethods struct{ n *Notifications }

// Notify records a notification.
func (m notifyMethods) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	m.n.mu.Lock()
	m.n.next++
	id := m.n.next
	nt := Notification{App: app, Summary: summary, Body: body}
	m.n.got = append(m.n.got, nt)
	m.n.mu.Unlock()
	select {
	case m.n.ch <- nt:
	default:
	}
	return id, nil
}

// GetCapabilities answers what the server supports.
func (notifyMethods) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

// GetServerInformation names the server.
func (notifyMethods) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "desktoptest", "lookout", "1", "1.2", nil
}

// CloseNotification is part of the interface.
func (notifyMethods) CloseNotification(uint32) *dbus.Error { return nil }

// Wait returns the first notification, from now on or already received,
// for which match is true.
func (n *Notifications) Wait(t testing.TB, timeout time.Duration, match func(Notification) bool) Notification {
	t.Helper()
	n.mu.Lock()
	for _, nt := range n.got {
		if match(nt) {
			n.mu.Unlock()
			return nt
		}
	}
	n.mu.Unlock()
	deadline := time.After(timeout)
	for {
		select {
		case nt := <-n.ch:
			if match(nt) {
				return nt
			}
		case <-deadline:
			n.mu.Lock()
			defer n.mu.Unlock()
			t.Fatalf("no matching notification within %v; got %+v", timeout, n.got)
			return Notification{}
		}
	}
}
