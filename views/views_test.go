package views

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/internal/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestMain fixes the time zone, so that golden files showing a time of day
// read the same on every machine.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// assertMarkup compares the canvas with the golden XML file
// testdata/name, or rewrites it with -update.
func assertMarkup(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	if *update {
		p := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(test.RenderToMarkup(c)), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertRendersToMarkup(t, name, c)
}

var now = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func TestHostCard(t *testing.T) {
	tests := []struct {
		name   string
		golden string
		lang   i18n.Lang
		view   HostView
	}{
		{"calm host", "hostcard/ok.xml", i18n.EN, HostView{Name: "web-1", State: entity.StateOK, HasData: true,
			CPU: 12.5, Mem: 28, Swap: 0, Disk: 41, DiskName: "/", Load: [3]float64{0.12, 0.3, 0.25}, Cores: 4,
			RxPerS: 125000, TxPerS: 2048, LastPoll: now.Add(-3 * time.Second)}},
		{"busy host", "hostcard/critical.xml", i18n.EN, HostView{Name: "db-1", State: entity.StateOK, HasData: true,
			CPU: 97, Mem: 55, Swap: 12, Disk: 91, DiskName: "/var/lib/postgresql", Load: [3]float64{7.9, 6.1, 4}, Cores: 4,
			LastPoll: now.Add(-1 * time.Second), Missing: []string{"pgbouncer"}}},
		{"unreachable", "hostcard/unreachable.xml", i18n.EN, HostView{Name: "edge-3", State: entity.StateUnreachable,
			HasData: true, CPU: 50, LastPoll: now.Add(-2 * time.Minute), Error: "dial tcp 10.0.0.3:22: connect: connection refused"}},
		{"chinese", "hostcard/zh.xml", i18n.ZH, HostView{Name: "生产-数据库", State: entity.StateOK, HasData: true,
			CPU: 45, Mem: 81, Disk: 20, DiskName: "/", Cores: 8, LastPoll: now.Add(-10 * time.Second)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			c := NewHostCard(tt.view, tt.lang, entity.DefaultGrades)
			c.SetClock(func() time.Time { return now })
			w := test.NewTempWindow(t, c)
			w.Resize(fyne.NewSize(300, 260))
			assertMarkup(t, tt.golden, w.Canvas())
		})
	}
}

// The stripe, dot and state text follow the alert state, never the
// grades: a host at 97 % CPU with no alert is "ok" and blue, and a red
// card always says "critical" (before, a high grade painted a host red
// while its text said "ok").
func TestHostStateFollowsAlerts(t *testing.T) {
	tests := []struct {
		name  string
		view  HostView
		sev   Severity
		text  string
		color any
	}{
		{"ok low", HostView{State: entity.StateOK, Level: entity.LevelLow}, SeverityOK, "ok", ColorLow},
		{"high grade no alert", HostView{State: entity.StateOK, Level: entity.LevelHigh, HasData: true}, SeverityOK, "ok", ColorLow},
		{"mid grade no alert", HostView{State: entity.StateOK, Level: entity.LevelMid, HasData: true}, SeverityOK, "ok", ColorLow},
		{"missing process no alert", HostView{State: entity.StateOK, Missing: []string{"nginx"}}, SeverityOK, "ok", ColorLow},
		{"warning alert", HostView{State: entity.StateOK, Alert: "warning"}, SeverityWarning, "warning", ColorMid},
		{"critical alert low grade", HostView{State: entity.StateOK, Level: entity.LevelLow, Alert: "critical"}, SeverityCritical, "critical", ColorHigh},
		{"silenced critical", HostView{State: entity.StateOK, Alert: "critical", Silenced: true}, SeveritySilenced, "silenced", ColorSilenced},
		{"paused", HostView{State: entity.StatePaused, Level: entity.LevelHigh}, SeverityPaused, "paused", ColorPaused},
		{"paused with warning", HostView{State: entity.StatePaused, Alert: "warning"}, SeverityWarning, "warning", ColorMid},
		{"failing not yet unreachable", HostView{State: entity.StateFailing, HasData: true}, SeverityOK, "ok", ColorLow},
		{"unreachable", HostView{State: entity.StateUnreachable, HasData: true}, SeverityUnreachable, "unreachable", ColorUnknown},
		{"unreachable and critical", HostView{State: entity.StateUnreachable, Alert: "critical"}, SeverityCritical, "critical", ColorHigh},
		{"untrusted", HostView{State: entity.StateUntrusted}, SeverityUnreachable, "untrusted", ColorUnknown},
		{"key changed", HostView{State: entity.StateKeyChanged}, SeverityCritical, "key_changed", ColorHigh},
		{"pending", HostView{State: entity.StatePending}, SeverityOK, "pending", ColorUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HostSeverity(tt.view); got != tt.sev {
				t.Errorf("severity %v, want %v", got, tt.sev)
			}
			if got := StateText(tt.view, i18n.EN); got != tt.text {
				t.Errorf("text %q, want %q", got, tt.text)
			}
			if got := StateColor(tt.view); got != tt.color {
				t.Errorf("colour %v, want %v", got, tt.color)
			}
		})
	}
}

// Eight hosts, three with alerts (one down, one at 97 % CPU, one at 92 %
// memory) and the rest with discs 40 % full: "8 hosts, 3 in trouble".
func TestOverviewCountsAlertsNotGrades(t *testing.T) {
	test.NewTempApp(t)
	var hosts []HostView
	for i := range 5 {
		hosts = append(hosts, HostView{Name: fmt.Sprintf("web-%d", i), State: entity.StateOK, HasData: true,
			Disk: 40, DiskName: "/", Level: entity.LevelMid})
	}
	hosts = append(hosts,
		HostView{Name: "down", State: entity.StateUnreachable},
		HostView{Name: "busy", State: entity.StateOK, HasData: true, CPU: 97, Level: entity.LevelHigh, Alert: "critical", AlertText: "CPU 97.0 %"},
		HostView{Name: "full", State: entity.StateOK, HasData: true, Mem: 92, Level: entity.LevelHigh, Alert: "warning", AlertText: "Memory 92.0 %"})
	o := NewOverview(i18n.EN, entity.DefaultGrades)
	o.SetHosts(hosts)
	if got := o.count.Text; got != "8 hosts, 3 in trouble" {
		t.Errorf("count %q", got)
	}
	var order []string
	for _, c := range o.Cards()[:3] {
		order = append(order, c.View().Name)
	}
	if fmt.Sprint(order) != "[busy down full]" {
		t.Errorf("worst first: %v", order)
	}
	sum := Summarize(hosts, i18n.EN)
	if sum.Severity != SeverityCritical || sum.Host != "busy" || sum.Reason != "CPU 97.0 %" || len(sum.Troubled) != 3 {
		t.Errorf("summary %+v", sum)
	}
}

func TestNewHostView(t *testing.T) {
	snap := entity.Snapshot{Host: "a", CPU: entity.CPUStat{Percent: 85, Cores: 2}, Mem: entity.MemStat{TotalBytes: 1, Percent: 10},
		Disks:  []entity.DiskStat{{Mount: "/", Percent: 20}, {Mount: "/data", Percent: 60}},
		Net:    []entity.NetStat{{Iface: "eth0", RxBytesPerS: 10}, {Iface: "eth1", RxBytesPerS: 5, TxBytesPerS: 1}},
		Errors: map[string]string{"sensors": "no sensors"}}
	v := NewHostView(entity.HostStatus{Host: "a", State: entity.StateOK}, snap, true, entity.DefaultGrades)
	if v.Level != entity.LevelHigh || v.DiskName != "/data" || v.RxPerS != 15 || v.Error != "sensors: no sensors" {
		t.Errorf("%+v", v)
	}
}
