package views

import (
	"flag"
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

func TestStateColor(t *testing.T) {
	tests := []struct {
		name string
		view HostView
		want any
	}{
		{"ok low", HostView{State: entity.StateOK, Level: entity.LevelLow}, ColorLow},
		{"ok high", HostView{State: entity.StateOK, Level: entity.LevelHigh}, ColorHigh},
		{"unreachable", HostView{State: entity.StateUnreachable, HasData: true}, ColorUnknown},
		{"key changed", HostView{State: entity.StateKeyChanged}, ColorHigh},
		{"pending", HostView{State: entity.StatePending}, ColorUnknown},
	}
	for _, tt := range tests {
		if got := StateColor(tt.view); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
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
