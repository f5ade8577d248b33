package views

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/config"
	"lookout/internal/human"
	"lookout/internal/i18n"
)

func twoHosts() config.Config {
	c := config.Default()
	c.Hosts = []config.Host{{Name: "desk", Local: true}, {Name: "web-1", SSH: "deploy@web-1:22"}}
	return c
}

func TestSettingsThresholds(t *testing.T) {
	test.NewTempApp(t)
	s := NewSettings(twoHosts(), i18n.EN)
	var saved *config.Config
	s.OnSave = func(c config.Config, done func(error)) { saved = &c; done(nil) }
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(1000, 800))

	// The defaults: an empty field shows the built-in value it inherits.
	warn := s.RuleEntry("rules.cpu.warning")
	if warn == nil || warn.Text != "" || warn.PlaceHolder != "80" {
		t.Fatalf("cpu warning field: %+v", warn)
	}
	steps := []struct {
		key, text, wantErr string
	}{
		{"rules.cpu.warning", "ninety", "expected a number"},
		{"rules.cpu.warning", "97", "warning 97 is above critical 95"},
		{"rules.cpu.warning", "70", ""},
		{"rules.mem.critical", "101", "is a percentage: expected at most 100"},
		{"rules.mem.critical", "", ""},
		{"rules.sustain", "0", "expected a number of samples from 1 to 60"},
		{"rules.sustain", "2", ""},
		{"rules.for", "2m", ""},
	}
	for _, st := range steps {
		e := s.RuleEntry(st.key)
		e.SetText(st.text)
		err := e.Validate()
		if st.wantErr == "" && err != nil {
			t.Fatalf("%s = %q: %v", st.key, st.text, err)
		}
		if st.wantErr != "" && (err == nil || !strings.Contains(err.Error(), st.wantErr)) {
			t.Fatalf("%s = %q: error %v, want %q", st.key, st.text, err, st.wantErr)
		}
		if st.wantErr != "" && !s.SaveButton().Disabled() {
			t.Fatalf("%s = %q: Save enabled", st.key, st.text)
		}
	}
	s.RuleSelect("rules.swap.enabled").SetSelectedIndex(2) // off
	s.RuleSelect("rules.process.severity").SetSelected("warning")

	// One host's overrides: its empty fields show the defaults just set.
	s.RuleScope().SetSelected("web-1")
	hw := s.RuleEntry("hosts[1].rules.cpu.warning")
	if hw == nil || hw.PlaceHolder != "70" {
		t.Fatalf("web-1's cpu warning: %+v", hw)
	}
	if s.RuleEntry("rules.cpu.warning") != nil {
		t.Error("the defaults' fields are still registered")
	}
	// A host's warning above the defaults' critical is named at the host.
	hw.SetText("96")
	if err := hw.Validate(); err == nil || !strings.Contains(err.Error(), "above critical 95") {
		t.Fatalf("host warning above the default critical: %v", err)
	}
	hw.SetText("90")
	s.RuleEntry("hosts[1].rules.disk.critical").SetText("99")

	if s.SaveButton().Disabled() {
		t.Fatalf("Save disabled: %s", s.Status())
	}
	test.Tap(s.SaveButton())
	if saved == nil {
		t.Fatal("not saved")
	}
	r := saved.Rules
	if *r.CPU.Warning != 70 || r.CPU.Critical != nil || r.Mem != nil || *r.Sustain != 2 ||
		*r.Swap.Enabled || r.Process.Severity != "warning" {
		t.Errorf("saved rules %+v cpu %+v swap %+v", r, r.CPU, r.Swap)
	}
	hr := saved.Hosts[1].Rules
	if *hr.CPU.Warning != 90 || *hr.Disk.Critical != 99 || saved.Hosts[0].Rules.CPU != nil {
		t.Errorf("saved host rules %+v", hr)
	}
	rs := saved.RulesFor("web-1")
	if rs.Rules["cpu"].Warning != 90 || rs.Rules["cpu"].Critical != 95 || rs.Rules["disk"].Critical != 99 {
		t.Errorf("web-1's rules in force: %+v", rs.Rules)
	}

	// Clearing an override removes its table again.
	s.RuleEntry("hosts[1].rules.disk.critical").SetText("")
	test.Tap(s.SaveButton())
	if saved.Hosts[1].Rules.Disk != nil {
		t.Errorf("an emptied override is kept: %+v", saved.Hosts[1].Rules.Disk)
	}
}

func TestSettingsChannels(t *testing.T) {
	test.NewTempApp(t)
	c := twoHosts()
	c.Report.Channels = []string{"ops"}
	c.Channels = []config.Channel{{Name: "ops", Type: "dingtalk", Webhook: "https://oapi.dingtalk.com/robot/send?access_token=abc"}}
	s := NewSettings(c, i18n.EN)
	var saved *config.Config
	s.OnSave = func(c config.Config, done func(error)) { saved = &c; done(nil) }
	var tested []string
	s.OnTestChannel = func(cfg config.Config, name string, done func(string, error)) {
		tested = append(tested, name)
		for _, ch := range cfg.Channels {
			if ch.Name == name && ch.Webhook != "" {
				done("errcode 0", nil)
				return
			}
		}
		done("", errors.New("robot says no"))
	}
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(1000, 800))

	// Rename the existing channel: the report's channel list follows.
	s.ChannelList().Select(0)
	s.ChannelEntry("name").SetText("ops-cn")
	if got := strings.Join(s.Config().Report.Channels, ","); got != "ops-cn" {
		t.Errorf("report channels after a rename: %s", got)
	}
	if e := s.ChannelEntry("secret"); e == nil || !e.Password {
		t.Errorf("the signing secret is not a password field: %+v", e)
	}

	// Add a channel: a WeCom robot to fill in.
	test.Tap(s.AddChannelButton())
	if s.ChannelList().Length() != 2 {
		t.Fatalf("%d channels after Add", s.ChannelList().Length())
	}
	hook := s.ChannelEntry("webhook")
	hook.SetText("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
	if err := hook.Validate(); err == nil || !strings.Contains(err.Error(), "use https") {
		t.Errorf("an http robot URL: %v", err)
	}
	// Send test refuses a channel with errors, without calling out.
	btn, result := s.TestChannelButton()
	test.Tap(btn)
	if len(tested) != 0 || !strings.Contains(result.Text, "use https") {
		t.Errorf("tested %v, result %q", tested, result.Text)
	}
	hook.SetText("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
	test.Tap(btn)
	if strings.Join(tested, ",") != "wecom" || !strings.Contains(result.Text, "errcode 0") {
		t.Errorf("tested %v, result %q", tested, result.Text)
	}

	// Changing the type shows the new type's keys.
	s.ChannelSelect("type").SetSelected("email")
	if s.ChannelEntry("webhook") != nil || s.ChannelEntry("host") == nil {
		t.Fatal("the form did not follow the type")
	}
	if !s.SaveButton().Disabled() {
		t.Error("Save enabled with an email channel that has no server")
	}
	s.ChannelEntry("host").SetText("smtp.example.com")
	s.ChannelEntry("from").SetText("lookout@example.com")
	s.ChannelEntry("to").SetText("ops@example.com, dba@example.com")
	s.ChannelEntry("password").SetText("${SMTP_PASSWORD}")
	s.ChannelSelect("security").SetSelected("starttls")
	if s.SaveButton().Disabled() {
		t.Fatalf("Save disabled: %s", s.Status())
	}
	test.Tap(s.SaveButton())
	if saved == nil || len(saved.Channels) != 2 {
		t.Fatalf("saved %+v", saved)
	}
	em := saved.Channels[1]
	if em.Type != "email" || em.Host != "smtp.example.com" || len(em.To) != 2 || em.Security != "starttls" ||
		em.Password != "${SMTP_PASSWORD}" || em.Webhook != "" {
		t.Errorf("saved channel %+v", em)
	}
}

func TestSettingsReport(t *testing.T) {
	test.NewTempApp(t)
	c := twoHosts()
	c.Channels = []config.Channel{{Name: "ops", Type: "desktop"}, {Name: "dba", Type: "desktop"}}
	s := NewSettings(c, i18n.EN)
	var saved *config.Config
	s.OnSave = func(c config.Config, done func(error)) { saved = &c; done(nil) }
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(1000, 800))

	s.Entry("report.every").SetText("5m")
	if err := s.Entry("report.every").Validate(); err == nil || !strings.Contains(err.Error(), "from 10m to 24h") {
		t.Errorf("every 5m: %v", err)
	}
	s.Entry("report.every").SetText("6h")
	s.Entry("report.at").SetText("09:00, 25:00")
	if err := s.Entry("report.at").Validate(); err == nil || !strings.Contains(err.Error(), `got "25:00"`) {
		t.Errorf("at 25:00: %v", err)
	}
	s.Entry("report.at").SetText("09:00, 18:30")
	s.ReportChecks("channels").SetSelected([]string{"dba"})
	s.ReportChecks("hosts").SetSelected([]string{"web-1"})
	s.ReportChecks("charts").SetSelected([]string{"CPU", "Fullest disk"})
	test.Tap(s.SaveButton())
	if saved == nil {
		t.Fatalf("not saved: %s", s.Status())
	}
	r := saved.Report
	if r.Every != config.Duration(6*time.Hour) || strings.Join(r.At, ",") != "09:00,18:30" || strings.Join(r.Channels, ",") != "dba" ||
		strings.Join(r.Hosts, ",") != "web-1" || strings.Join(r.Charts, ",") != "cpu,disk_max" {
		t.Errorf("saved report %+v", r)
	}
}

func TestShortDuration(t *testing.T) {
	for in, want := range map[string]string{"6h": "6h", "30m": "30m", "1h30m": "1h30m", "90s": "1m30s", "0s": "0s", "1.5s": "1.5s", "10h0m5s": "10h0m5s"} {
		d, _ := time.ParseDuration(in)
		if got := human.ShortDuration(d); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}
