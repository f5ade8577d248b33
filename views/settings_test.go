package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/config"
	"lookout/internal/i18n"
)

func TestSettingsValidatesAsTyped(t *testing.T) {
	test.NewTempApp(t)
	s := NewSettings(config.Default(), i18n.EN)
	var saved *config.Config
	s.OnSave = func(c config.Config, done func(error)) { saved = &c; done(nil) }
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(700, 700))

	tests := []struct {
		name, key, text string
		wantErr         string // "" means valid
	}{
		{"not a duration", "interval", "ten seconds", `expected a duration such as "10s"`},
		{"too short", "interval", "100ms", "expected a duration from 1s to 1h, got 100ms"},
		{"fine", "interval", "5s", ""},
		{"not a number", "fail_limit", "three", "expected a whole number"},
		{"out of range", "fail_limit", "0", "expected a whole number from 1 to 100"},
		{"fine limit", "fail_limit", "5", ""},
		{"grades inverted", "grades.high", "20", "expected 0 < low < high < 100"},
		{"grades fine", "grades.high", "85", ""},
		{"shell metacharacters", "count_processes", "python, rm -rf /;", "no shell metacharacters"},
		{"keywords fine", "count_processes", "python, java", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := s.Entry(tt.key)
			test.Type(e, "") // focus
			e.SetText(tt.text)
			err := e.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("%s = %q: %v", tt.key, tt.text, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("%s = %q: error %v, want %q", tt.key, tt.text, err, tt.wantErr)
			}
			if !s.SaveButton().Disabled() {
				t.Error("Save is enabled with an invalid field")
			}
		})
	}
	if s.SaveButton().Disabled() {
		t.Fatalf("Save disabled on a valid form: %s", s.Status())
	}
	test.Tap(s.SaveButton())
	if saved == nil || saved.Interval != config.Duration(5*time.Second) || saved.FailLimit != 5 ||
		saved.Grades.High != 85 || strings.Join(saved.CountProcesses, ",") != "python,java" {
		t.Fatalf("saved %+v", saved)
	}
	if !strings.Contains(s.Status(), "Saved") {
		t.Errorf("status %q", s.Status())
	}
}

func TestSettingsHosts(t *testing.T) {
	test.NewTempApp(t)
	s := NewSettings(config.Default(), i18n.EN)
	var saved *config.Config
	s.OnSave = func(c config.Config, done func(error)) { saved = &c; done(nil) }
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(900, 700))

	// Add a host: it starts as an SSH host to fill in.
	test.Tap(s.AddHostButton())
	if s.HostList().Length() != 1 {
		t.Fatalf("%d hosts after Add", s.HostList().Length())
	}
	addr := s.HostEntry("address")
	addr.SetText("deploy@web1:22; rm -rf /")
	if err := addr.Validate(); err == nil || !strings.Contains(err.Error(), "shell metacharacters") {
		t.Errorf("bad ssh target: %v", err)
	}
	if !s.SaveButton().Disabled() {
		t.Error("Save enabled with a bad host")
	}
	addr.SetText("deploy@web1:22")
	s.HostEntry("name").SetText("web1")
	s.HostEntry("interval").SetText("forever")
	if err := s.HostEntry("interval").Validate(); err == nil {
		t.Error("a bad interval is accepted")
	}
	s.HostEntry("interval").SetText("5s")
	s.HostEntry("require_processes").SetText("nginx, php-fpm8.2")
	if s.SaveButton().Disabled() {
		t.Fatalf("Save disabled: %s", s.Status())
	}
	test.Tap(s.SaveButton())
	if saved == nil || len(saved.Hosts) != 1 {
		t.Fatalf("saved %+v", saved)
	}
	h := saved.Hosts[0]
	if h.Name != "web1" || h.SSH != "deploy@web1:22" || h.Interval != config.Duration(5*time.Second) ||
		strings.Join(h.RequireProcesses, ",") != "nginx,php-fpm8.2" {
		t.Errorf("saved host %+v", h)
	}
}
