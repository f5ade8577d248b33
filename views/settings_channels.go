package views

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"lookout/config"
)

// channelField is one key of a channel as the channels form edits it.
type channelField struct {
	key    string // the TOML key
	label  string // English, translated when shown
	secret bool   // shown as a password entry
	hint   string
	get    func(*config.Channel) string
	set    func(*config.Channel, string) error
}

func strField(key, label, hint string, secret bool, p func(*config.Channel) *string) channelField {
	return channelField{key: key, label: label, hint: hint, secret: secret,
		get: func(c *config.Channel) string { return *p(c) },
		set: func(c *config.Channel, v string) error { *p(c) = v; return nil }}
}

func listField(key, label, hint string, p func(*config.Channel) *[]string) channelField {
	return channelField{key: key, label: label, hint: hint,
		get: func(c *config.Channel) string { return strings.Join(*p(c), ", ") },
		set: func(c *config.Channel, v string) error {
			if v == "" {
				*p(c) = nil
			} else {
				*p(c) = SplitList(v)
			}
			return nil
		}}
}

func intField(key, label, hint string, p func(*config.Channel) *int) channelField {
	return channelField{key: key, label: label, hint: hint,
		get: func(c *config.Channel) string {
			if *p(c) == 0 {
				return ""
			}
			return strconv.Itoa(*p(c))
		},
		set: func(c *config.Channel, v string) error {
			if v == "" {
				*p(c) = 0
				return nil
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("expected a whole number")
			}
			*p(c) = n
			return nil
		}}
}

const secretHint = "or ${ENV_VAR} to keep it out of the file"

var (
	fWebhook = strField("webhook", "Webhook URL", secretHint, true, func(c *config.Channel) *string { return &c.Webhook })
	fSecret  = strField("secret", "Signing secret", secretHint, true, func(c *config.Channel) *string { return &c.Secret })
	fKeyword = strField("keyword", "Keyword", "one of the robot's security keywords", false, func(c *config.Channel) *string { return &c.Keyword })
	fMention = listField("mentions", "Mention users", "user IDs, comma separated; on critical alerts", func(c *config.Channel) *[]string { return &c.Mentions })
	fMobiles = listField("mention_mobiles", "Mention phones", "mobile numbers, comma separated", func(c *config.Channel) *[]string { return &c.MentionMobiles })
	fImages  = intField("max_images", "Charts per message", "0–10", func(c *config.Channel) *int { return &c.MaxImages })
	fAPI     = strField("api", "API base URL", "empty: the service's own", false, func(c *config.Channel) *string { return &c.API })
)

// channelFields are the keys each channel type takes, in form order.
var channelFields = map[string][]channelField{
	"wecom":    {fWebhook, fMention, fMobiles, fImages},
	"dingtalk": {fWebhook, fSecret, fKeyword, fMention, fMobiles},
	"feishu":   {fWebhook, fSecret, fKeyword},
	"lark":     {fWebhook, fSecret, fKeyword},
	"slack":    {fWebhook},
	"discord":  {fWebhook, fImages},
	"webhook": {strField("url", "URL", "https://example.com/lookout", false, func(c *config.Channel) *string { return &c.URL }),
		strField("secret", "HMAC key", secretHint, true, func(c *config.Channel) *string { return &c.Secret })},
	"telegram": {strField("token", "Bot token", secretHint, true, func(c *config.Channel) *string { return &c.Token }),
		strField("chat_id", "Chat ID", "a number, or @channelname", false, func(c *config.Channel) *string { return &c.ChatID }),
		fImages, fAPI},
	"email": {strField("host", "SMTP server", "smtp.example.com", false, func(c *config.Channel) *string { return &c.Host }),
		intField("port", "Port", "empty: 465 for tls, 587 for starttls, 25 for none", func(c *config.Channel) *int { return &c.Port }),
		strField("username", "User name", "", false, func(c *config.Channel) *string { return &c.Username }),
		strField("password", "Password", secretHint, true, func(c *config.Channel) *string { return &c.Password }),
		strField("from", "From", "lookout@example.com", false, func(c *config.Channel) *string { return &c.From }),
		listField("to", "To", "addresses, comma separated", func(c *config.Channel) *[]string { return &c.To }),
		fImages},
	"wechat_mp": {strField("app_id", "AppID", "", false, func(c *config.Channel) *string { return &c.AppID }),
		strField("app_secret", "AppSecret", secretHint, true, func(c *config.Channel) *string { return &c.AppSecret }),
		strField("template_id", "Template ID", "", false, func(c *config.Channel) *string { return &c.TemplateID }),
		listField("to_users", "Recipients (openid)", "comma separated", func(c *config.Channel) *[]string { return &c.ToUsers }),
		strField("link", "Link", "opened when the message is tapped", false, func(c *config.Channel) *string { return &c.Link }),
		fAPI},
	"desktop": {},
}

// channelsTab lists the channels with add and remove, and edits the
// selected one: the keys its type takes, checked as typed. Send test
// sends a test message through the channel as edited, before saving.
func (s *Settings) channelsTab() fyne.CanvasObject {
	sel := -1
	list := widget.NewList(
		func() int { return len(s.cfg.Channels) },
		func() fyne.CanvasObject { return widget.NewLabel("channel name placeholder") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			ch := s.cfg.Channels[i]
			o.(*widget.Label).SetText(ch.Name + "  (" + ch.Type + ")")
		})
	s.channelList = list
	editor := container.NewStack()
	result := widget.NewLabel("")
	result.Wrapping = fyne.TextWrapWord

	var load func(i int)
	load = func(i int) {
		sel = i
		s.dropFields("channels[")
		result.SetText("")
		if i < 0 || i >= len(s.cfg.Channels) {
			editor.Objects = nil
			editor.Refresh()
			s.changed()
			return
		}
		editor.Objects = []fyne.CanvasObject{s.channelForm(i, result, func() { list.RefreshItem(i) }, func() { load(i) })}
		editor.Refresh()
		s.changed()
	}
	list.OnSelected = func(i widget.ListItemID) { load(i) }
	add := widget.NewButton(s.t("Add channel"), func() {
		name := "wecom"
		for n := 2; slices.ContainsFunc(s.cfg.Channels, func(c config.Channel) bool { return c.Name == name }); n++ {
			name = "wecom-" + strconv.Itoa(n)
		}
		s.cfg.Channels = append(s.cfg.Channels, config.Channel{Name: name, Type: "wecom"})
		list.Refresh()
		list.Select(len(s.cfg.Channels) - 1)
		s.changed()
	})
	s.addChannel = add
	remove := widget.NewButton(s.t("Remove"), func() {
		if sel < 0 || sel >= len(s.cfg.Channels) {
			return
		}
		gone := s.cfg.Channels[sel].Name
		s.cfg.Channels = slices.Delete(s.cfg.Channels, sel, sel+1)
		s.forgetChannel(gone)
		list.UnselectAll()
		list.Refresh()
		load(-1)
	})
	note := widget.NewLabel(s.t("Alerts go to every channel unless [[routes]] in the configuration file say otherwise."))
	note.Wrapping = fyne.TextWrapWord
	left := container.NewBorder(nil, container.NewHBox(add, remove), nil, nil, list)
	split := container.NewHSplit(left, container.NewVScroll(editor))
	split.Offset = 0.3
	return container.NewBorder(note, nil, nil, nil, split)
}

// forgetChannel removes a deleted channel's name from the routes and the
// report, and drops routes left with no channel.
func (s *Settings) forgetChannel(name string) {
	s.cfg.Report.Channels = slices.DeleteFunc(s.cfg.Report.Channels, func(c string) bool { return c == name })
	var routes []config.Route
	for _, r := range s.cfg.Routes {
		r.Channels = slices.DeleteFunc(slices.Clone(r.Channels), func(c string) bool { return c == name })
		if len(r.Channels) > 0 {
			routes = append(routes, r)
		}
	}
	if s.cfg.Routes != nil {
		s.cfg.Routes = routes
	}
}

// channelForm edits channel i. relabel refreshes its line in the list;
// reload rebuilds the form (the type changed, and with it the keys).
func (s *Settings) channelForm(i int, result *widget.Label, relabel, reload func()) fyne.CanvasObject {
	ch := func() *config.Channel { return &s.cfg.Channels[i] }
	key := func(k string) string { return fmt.Sprintf("channels[%d].%s", i, k) }
	name := s.field(key("name"), ch().Name, func(v string) error {
		old := ch().Name
		ch().Name = v
		renameIn(s.cfg.Report.Channels, old, v)
		for _, r := range s.cfg.Routes {
			renameIn(r.Channels, old, v)
		}
		relabel()
		return nil
	})
	kind := widget.NewSelect(config.ChannelTypes, nil)
	kind.SetSelected(ch().Type)
	kind.OnChanged = func(v string) {
		if v == ch().Type {
			return
		}
		// Keep only what every type shares; the new type's keys start empty.
		old := *ch()
		*ch() = config.Channel{Name: old.Name, Type: v, Language: old.Language,
			SendResolved: old.SendResolved, Reports: old.Reports}
		relabel()
		reload()
	}
	s.channelSelects = map[string]*widget.Select{"type": kind}
	langs := []string{s.t("as the window"), "English", "简体中文"}
	langVals := []string{"", "en", "zh"}
	lang := widget.NewSelect(langs, nil)
	lang.SetSelectedIndex(max(slices.Index(langVals, ch().Language), 0))
	lang.OnChanged = func(string) {
		ch().Language = langVals[max(lang.SelectedIndex(), 0)]
		s.changed()
	}
	resolved := widget.NewCheck(s.t("Send the all-clear when an alert resolves"), nil)
	resolved.SetChecked(ch().SendResolved == nil || *ch().SendResolved)
	resolved.OnChanged = func(b bool) {
		if b {
			ch().SendResolved = nil // the default
		} else {
			ch().SendResolved = &b
		}
		s.changed()
	}
	reports := widget.NewCheck(s.t("Receive reports"), nil)
	reports.SetChecked(ch().Reports == nil || *ch().Reports)
	reports.OnChanged = func(b bool) {
		if b {
			ch().Reports = nil
		} else {
			ch().Reports = &b
		}
		s.changed()
	}
	s.channelChecks = map[string]*widget.Check{"send_resolved": resolved, "reports": reports}

	form := widget.NewForm(
		widget.NewFormItem(s.t("Name"), name),
		widget.NewFormItem(s.t("Type"), kind),
	)
	for _, f := range channelFields[ch().Type] {
		f := f
		var e *widget.Entry
		set := func(v string) error { return f.set(ch(), v) }
		if f.secret {
			e = s.secretField(key(f.key), f.get(ch()), set)
		} else {
			e = s.field(key(f.key), f.get(ch()), set)
		}
		item := widget.NewFormItem(s.t(f.label), e)
		if f.hint != "" {
			item.HintText = s.t(f.hint)
		}
		form.AppendItem(item)
	}
	switch ch().Type {
	case "wecom", "dingtalk":
		all := widget.NewCheck(s.t("@all on critical alerts"), func(b bool) { ch().MentionAll = b; s.changed() })
		all.SetChecked(ch().MentionAll)
		form.Append("", all)
	case "email":
		sec := widget.NewSelect([]string{"tls", "starttls", "none"}, nil)
		if ch().Security == "" {
			sec.SetSelected("tls")
		} else {
			sec.SetSelected(ch().Security)
		}
		sec.OnChanged = func(v string) { ch().Security = v; s.changed() }
		s.channelSelects["security"] = sec
		form.Append(s.t("Security"), sec)
	case "webhook":
		img := widget.NewCheck(s.t("Attach charts (base64 PNG in the JSON)"), func(b bool) { ch().Images = b; s.changed() })
		img.SetChecked(ch().Images)
		form.Append("", img)
	}
	form.Append(s.t("Language"), lang)
	form.Append("", resolved)
	form.Append("", reports)

	test := widget.NewButton(s.t("Send test"), nil)
	test.OnTapped = func() {
		if s.OnTestChannel == nil {
			return
		}
		if errs := channelErrors(s.errs, i); len(errs) > 0 {
			result.Importance = widget.DangerImportance
			result.SetText(strings.Join(errs, "\n"))
			result.Refresh()
			return
		}
		result.Importance = widget.MediumImportance
		result.SetText(s.t("Sending…"))
		test.Disable()
		s.OnTestChannel(s.cfg, ch().Name, func(msg string, err error) {
			test.Enable()
			if err != nil {
				result.Importance = widget.DangerImportance
				result.SetText(err.Error())
			} else {
				result.Importance = widget.SuccessImportance
				result.SetText(msg)
			}
			result.Refresh()
		})
	}
	s.testChannel = test
	s.channelResult = result
	return container.NewVBox(form, container.NewHBox(test), result)
}

// channelErrors are the validation messages of channel i.
func channelErrors(errs config.Errors, i int) []string {
	prefix := fmt.Sprintf("channels[%d]", i)
	var out []string
	for _, e := range errs {
		if e.Key == prefix || strings.HasPrefix(e.Key, prefix+".") {
			out = append(out, e.Key+": "+e.Msg)
		}
	}
	return out
}

// secretField is a field whose text is hidden (tokens, passwords).
func (s *Settings) secretField(key, text string, set func(string) error) *widget.Entry {
	return s.fieldIn(widget.NewPasswordEntry(), key, text, set)
}

// ChannelEntry returns a channels form field by key, such as "webhook"
// (tests).
func (s *Settings) ChannelEntry(field string) *widget.Entry {
	for k, e := range s.entries {
		if strings.HasPrefix(k, "channels[") && strings.HasSuffix(k, "]."+field) {
			return e
		}
	}
	return nil
}

// ChannelSelect returns a channels form choice: "type" or "security"
// (tests).
func (s *Settings) ChannelSelect(field string) *widget.Select { return s.channelSelects[field] }

// ChannelList returns the channels list (tests).
func (s *Settings) ChannelList() *widget.List { return s.channelList }

// AddChannelButton returns the channels tab's Add button (tests).
func (s *Settings) AddChannelButton() *widget.Button { return s.addChannel }

// TestChannelButton returns the Send test button and the label that shows
// its result (tests).
func (s *Settings) TestChannelButton() (*widget.Button, *widget.Label) {
	return s.testChannel, s.channelResult
}
