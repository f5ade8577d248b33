package views

import (
	"testing"
	"time"

	"lookout/entity"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/internal/i18n"
)

// TestOverviewGolden draws hosts in every state: the worst comes first.
func TestOverviewGolden(t *testing.T) {
	hosts := []HostView{
		{Name: "web-1", State: entity.StateOK, HasData: true, CPU: 12, Mem: 30, Disk: 40, DiskName: "/", Cores: 4,
			LastPoll: now.Add(-2 * time.Second)},
		{Name: "db-1", State: entity.StateOK, HasData: true, CPU: 97, Mem: 55, Disk: 91, DiskName: "/var", Cores: 8,
			LastPoll: now.Add(-1 * time.Second), Alert: "critical", AlertText: "CPU 97.0 %"},
		{Name: "cache-1", State: entity.StateOK, HasData: true, CPU: 45, Mem: 83, Disk: 20, DiskName: "/", Cores: 2,
			LastPoll: now.Add(-1 * time.Second), Alert: "warning", AlertText: "Memory 83.0 %"},
		{Name: "queue-1", State: entity.StateOK, HasData: true, CPU: 20, Mem: 40, Disk: 85, DiskName: "/data", Cores: 2,
			LastPoll: now.Add(-1 * time.Second), Alert: "warning", AlertText: "Disk /data 85.0 %", Silenced: true},
		{Name: "edge-3", State: entity.StateUnreachable, HasData: true, LastPoll: now.Add(-3 * time.Minute),
			Error: "dial tcp 10.0.0.3:22: connect: connection refused"},
		{Name: "new-box", State: entity.StateUntrusted, Error: "host key not trusted: run lookout trust new-box"},
		{Name: "batch-2", State: entity.StatePaused, HasData: true, CPU: 5, LastPoll: now.Add(-time.Hour)},
	}
	for _, tt := range []struct {
		golden string
		lang   i18n.Lang
	}{{"overview/states.xml", i18n.EN}, {"overview/zh.xml", i18n.ZH}} {
		t.Run(tt.golden, func(t *testing.T) {
			test.NewTempApp(t)
			o := NewOverview(tt.lang, entity.DefaultGrades)
			o.SetHosts(hosts)
			for _, c := range o.Cards() {
				c.SetClock(func() time.Time { return now })
				c.Refresh()
			}
			w := test.NewTempWindow(t, o)
			w.Resize(fyne.NewSize(960, 640))
			assertMarkup(t, tt.golden, w.Canvas())
		})
	}
}

// TestSettingsGolden draws the settings with validation messages showing,
// in English and in Chinese.
func TestSettingsGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		lang   i18n.Lang
		tab    int
		key    string
		text   string
	}{
		{"settings/general.xml", i18n.EN, 0, "interval", "100ms"},
		{"settings/thresholds.xml", i18n.EN, 2, "rules.cpu.warning", "97"},
		{"settings/thresholds_zh.xml", i18n.ZH, 2, "rules.mem.critical", "101"},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			test.NewTempApp(t)
			s := NewSettings(twoHosts(), tt.lang)
			w := test.NewTempWindow(t, s)
			w.Resize(fyne.NewSize(1000, 760))
			s.tabs.SelectIndex(tt.tab)
			e := s.Entry(tt.key)
			test.Type(e, "")
			e.SetText(tt.text)
			e.Validate()
			assertMarkup(t, tt.golden, w.Canvas())
		})
	}
}
