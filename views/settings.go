package views

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"lookout/config"
	"lookout/internal/human"
	"lookout/internal/i18n"
)

// Settings edits the configuration: every field is checked as it is
// typed by the same validation the config file gets, and Save hands the
// whole configuration to OnSave (which writes the file and applies it).
type Settings struct {
	widget.BaseWidget
	// OnSave writes and applies the configuration off the UI goroutine
	// and calls done on the UI goroutine; done's error is shown. Save is
	// disabled until done.
	OnSave func(cfg config.Config, done func(error))
	// OnTestHost polls one host as edited and calls done (on the UI
	// goroutine) with a one-line result or the error.
	OnTestHost func(cfg config.Config, h config.Host, done func(msg string, err error))

	// OnTestChannel sends a test message through the named channel of
	// cfg (the working copy, unsaved) and calls done on the UI goroutine
	// with the service's reply or the error.
	OnTestChannel func(cfg config.Config, channel string, done func(msg string, err error))
	// OnSendReport sends a report to the group now (as the tray does).
	OnSendReport func()

	hostList    *widget.List
	hostEntries map[string]*widget.Entry
	addHost     *widget.Button

	lang   i18n.Lang
	cfg    config.Config // the working copy
	status *widget.Label
	save   *widget.Button
	saving bool // a save is in flight
	// fieldErrs holds the parse errors of fields whose text is not a value
	// at all ("ten seconds"), which Validate cannot see.
	fieldErrs map[string]error
	// errs are the working copy's validation errors, computed once per
	// edit and read by every field's validator.
	errs    config.Errors
	entries map[string]*widget.Entry

	// The thresholds tab.
	ruleScope     *widget.Select
	refreshScopes func()
	ruleSelects   map[string]*widget.Select
	// The channels tab.
	channelList    *widget.List
	addChannel     *widget.Button
	channelSelects map[string]*widget.Select
	channelChecks  map[string]*widget.Check
	testChannel    *widget.Button
	channelResult  *widget.Label
	// The report tab.
	reportChecks  map[string]*widget.CheckGroup
	refreshReport func()
	tabs          *container.AppTabs
	sections      []*container.TabItem
	// Start at login (General): not part of the configuration, applied
	// when ticked; disabled until SetAutostart.
	autostart   *widget.Check
	onAutostart func(on bool) error
}

// SettingsSection is an extra tab of the settings screen (hosts,
// thresholds, channels, ...). Build is called with the working copy; the
// section edits it in place and calls changed after each edit.
type SettingsSection struct {
	Title string
	Build func(cfg *config.Config, changed func()) fyne.CanvasObject
}

// NewSettings returns a settings screen editing a copy of cfg.
func NewSettings(cfg config.Config, lang i18n.Lang, extra ...SettingsSection) *Settings {
	s := &Settings{lang: lang, cfg: cfg, fieldErrs: map[string]error{}, entries: map[string]*widget.Entry{},
		ruleSelects: map[string]*widget.Select{}}
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.save = widget.NewButton(s.t("Save"), s.doSave)
	s.save.Importance = widget.HighImportance
	s.tabs = container.NewAppTabs(container.NewTabItem(s.t("General"), container.NewVScroll(s.general())),
		container.NewTabItem(s.t("Hosts"), s.hostsTab()),
		container.NewTabItem(s.t("Thresholds"), s.thresholdsTab()),
		container.NewTabItem(s.t("Channels"), s.channelsTab()),
		container.NewTabItem(s.t("Reports"), s.reportTab()))
	for _, sec := range extra {
		s.tabs.Append(container.NewTabItem(sec.Title, sec.Build(&s.cfg, s.changed)))
	}
	// The hosts and channels tabs change what the others offer.
	s.tabs.OnSelected = func(*container.TabItem) {
		s.refreshScopes()
		s.refreshReport()
	}
	s.ExtendBaseWidget(s)
	s.changed()
	return s
}

func (s *Settings) t(k string, a ...any) string { return i18n.T(s.lang, k, a...) }

// Config returns the working copy.
func (s *Settings) Config() config.Config { return s.cfg }

// CreateRenderer implements fyne.Widget.
func (s *Settings) CreateRenderer() fyne.WidgetRenderer {
	bottom := container.NewBorder(nil, nil, nil, s.save, s.status)
	return widget.NewSimpleRenderer(container.NewBorder(nil, bottom, nil, nil, s.tabs))
}

// HostEntry returns the hosts form's entry of a field: name, address,
// identity_file, token_file, interval, require_processes (tests).
func (s *Settings) HostEntry(field string) *widget.Entry { return s.hostEntries[field] }

// AddHostButton returns the hosts tab's Add button (tests).
func (s *Settings) AddHostButton() *widget.Button { return s.addHost }

// HostList returns the hosts list (tests).
func (s *Settings) HostList() *widget.List { return s.hostList }

// Entry returns the entry of a key such as "interval" (tests).
func (s *Settings) Entry(key string) *widget.Entry { return s.entries[key] }

// Status returns the text under the form (tests).
func (s *Settings) Status() string { return s.status.Text }

// SaveButton returns the save button (tests).
func (s *Settings) SaveButton() *widget.Button { return s.save }

// field makes an entry for key: set parses the text into the working
// copy; the entry's validator reports set's error or the configuration's
// error for key.
func (s *Settings) field(key, text string, set func(string) error) *widget.Entry {
	return s.fieldIn(widget.NewEntry(), key, text, set)
}

// fieldIn is field with an entry of the caller's (a password entry).
func (s *Settings) fieldIn(e *widget.Entry, key, text string, set func(string) error) *widget.Entry {
	e.SetText(text)
	e.Validator = func(v string) error {
		if err := s.fieldErrs[key]; err != nil {
			return err
		}
		for _, ce := range s.errs {
			if ce.Key == key || strings.HasPrefix(key, ce.Key+".") {
				return errors.New(ce.Msg)
			}
		}
		return nil
	}
	e.OnChanged = func(v string) {
		if err := set(strings.TrimSpace(v)); err != nil {
			s.fieldErrs[key] = err
		} else {
			delete(s.fieldErrs, key)
		}
		s.changed()
	}
	s.entries[key] = e
	return e
}

func durationSetter(d *config.Duration) func(string) error {
	return func(v string) error {
		if v == "" {
			*d = 0
			return nil
		}
		p, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("expected a duration such as \"10s\", \"5m\" or \"1h\"")
		}
		*d = config.Duration(p)
		return nil
	}
}

func intSetter(n *int) func(string) error {
	return func(v string) error {
		i, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("expected a whole number")
		}
		*n = i
		return nil
	}
}

func floatSetter(f *float64) func(string) error {
	return func(v string) error {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return fmt.Errorf("expected a number")
		}
		*f = x
		return nil
	}
}

func listSetter(l *[]string) func(string) error {
	return func(v string) error {
		*l = SplitList(v)
		return nil
	}
}

// SplitList splits "a, b ,c" into its non-empty items.
func SplitList(v string) []string {
	out := []string{}
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (s *Settings) general() fyne.CanvasObject {
	c := &s.cfg
	lang := widget.NewSelect([]string{"English", "简体中文"}, func(v string) {
		c.Language = map[string]string{"English": "en", "简体中文": "zh"}[v]
		s.changed()
	})
	lang.SetSelected(map[string]string{"en": "English", "zh": "简体中文"}[c.Language])
	themes := []string{s.t("Follow the system"), s.t("Light"), s.t("Dark")}
	values := []string{"system", "light", "dark"}
	theme := widget.NewSelect(themes, func(v string) {
		for i, t := range themes {
			if t == v {
				c.Theme = values[i]
			}
		}
		s.changed()
	})
	for i, v := range values {
		if v == c.Theme {
			theme.SetSelected(themes[i])
		}
	}
	durText := func(d config.Duration) string {
		if d == 0 {
			return ""
		}
		return human.ShortDuration(time.Duration(d))
	}
	s.autostart = widget.NewCheck(s.t("Start Lookout in the tray at login"), func(on bool) {
		if s.onAutostart == nil {
			return
		}
		if err := s.onAutostart(on); err != nil {
			s.SetStatus(err.Error(), true)
		}
	})
	s.autostart.Disable()
	form := widget.NewForm(
		widget.NewFormItem(s.t("Poll interval"), s.field("interval", durText(c.Interval), durationSetter(&c.Interval))),
		widget.NewFormItem(s.t("Poll timeout"), s.field("timeout", durText(c.Timeout), durationSetter(&c.Timeout))),
		widget.NewFormItem(s.t("Failures before unreachable"), s.field("fail_limit", strconv.Itoa(c.FailLimit), intSetter(&c.FailLimit))),
		widget.NewFormItem(s.t("History in memory"), s.field("retention", durText(c.Retention), durationSetter(&c.Retention))),
		widget.NewFormItem(s.t("Language"), lang),
		widget.NewFormItem(s.t("Theme"), theme),
		widget.NewFormItem(s.t("Count processes named"), s.field("count_processes", strings.Join(c.CountProcesses, ", "), listSetter(&c.CountProcesses))),
		widget.NewFormItem(s.t("Top processes listed"), s.field("top_processes", strconv.Itoa(c.TopProcesses), intSetter(&c.TopProcesses))),
		widget.NewFormItem(s.t("Blue up to (%)"), s.field("grades.low", fmt.Sprint(c.Grades.Low), floatSetter(&c.Grades.Low))),
		widget.NewFormItem(s.t("Red from (%)"), s.field("grades.high", fmt.Sprint(c.Grades.High), floatSetter(&c.Grades.High))),
		widget.NewFormItem(s.t("Start at login"), s.autostart),
	)
	form.Items[1].HintText = s.t("empty: the poll interval")
	return form
}

// SetAutostart shows whether Lookout starts at login and enables the
// checkbox, which calls set at once when ticked or cleared (the autostart
// file is not part of the configuration, so Save does not wait for it).
func (s *Settings) SetAutostart(on bool, set func(on bool) error) {
	s.onAutostart = nil
	s.autostart.SetChecked(on)
	s.onAutostart = set
	s.autostart.Enable()
}

// AutostartCheck is the Start at login checkbox (tests).
func (s *Settings) AutostartCheck() *widget.Check { return s.autostart }

// changed re-validates after an edit: every entry shows its own error and
// Save is enabled only when the whole configuration is valid.
func (s *Settings) changed() {
	s.errs = config.Validate(s.cfg)
	errs := s.errs
	for _, e := range s.entries {
		e.Validate()
	}
	var msgs []string
	for k, err := range s.fieldErrs {
		msgs = append(msgs, k+": "+err.Error())
	}
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	if len(msgs) > 0 {
		s.status.SetText(strings.Join(msgs, "\n"))
		s.status.Importance = widget.DangerImportance
		s.save.Disable()
	} else {
		s.status.SetText("")
		s.save.Enable()
	}
	s.status.Refresh()
}

// SetStatus shows a message under the form, as an error or not.
func (s *Settings) SetStatus(msg string, isErr bool) {
	s.status.Importance = widget.SuccessImportance
	if isErr {
		s.status.Importance = widget.DangerImportance
	}
	s.status.SetText(msg)
	s.status.Refresh()
}

func (s *Settings) doSave() {
	if s.OnSave == nil {
		return
	}
	if s.saving {
		return
	}
	s.saving = true
	s.status.Importance = widget.MediumImportance
	s.status.SetText(s.t("Saving…"))
	s.OnSave(s.cfg, func(err error) {
		s.saving = false
		if err != nil {
			s.status.Importance = widget.DangerImportance
			s.status.SetText(err.Error())
			return
		}
		s.status.Importance = widget.SuccessImportance
		s.status.SetText(s.t("Saved and applied."))
	})
}
