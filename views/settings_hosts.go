package views

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"lookout/config"
	"lookout/internal/human"
)

// Host kinds as the hosts form names them.
var hostKinds = []string{"local", "ssh", "agent", "prometheus"}

func hostKind(h config.Host) string {
	switch {
	case h.SSH != "":
		return "ssh"
	case h.Agent != "":
		return "agent"
	case h.Prometheus != "":
		return "prometheus"
	}
	return "local"
}

// hostsTab lists the hosts with add and remove, and edits the selected
// one: name, how it is reached, interval, required processes. Every field
// is checked as it is typed; Test connection polls the host as edited.
func (s *Settings) hostsTab() fyne.CanvasObject {
	sel := -1
	list := widget.NewList(
		func() int { return len(s.cfg.Hosts) },
		func() fyne.CanvasObject { return widget.NewLabel("host name placeholder") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			h := s.cfg.Hosts[i]
			o.(*widget.Label).SetText(h.Name + "  (" + hostKind(h) + ")")
		})
	s.hostList = list

	name := widget.NewEntry()
	kind := widget.NewSelect(hostKinds, nil)
	addr := widget.NewEntry()
	addr.SetPlaceHolder("user@host:22, https://host:9120, http://host:9100/metrics")
	ident := widget.NewEntry()
	ident.SetPlaceHolder("~/.ssh/id_ed25519")
	token := widget.NewEntry()
	token.SetPlaceHolder("/path/to/token")
	interval := widget.NewEntry()
	interval.SetPlaceHolder(s.t("empty: the poll interval"))
	require := widget.NewEntry()
	require.SetPlaceHolder("nginx, sshd")
	result := widget.NewLabel("")
	result.Wrapping = fyne.TextWrapWord
	s.hostEntries = map[string]*widget.Entry{"name": name, "address": addr, "identity_file": ident,
		"token_file": token, "interval": interval, "require_processes": require}

	loading := false
	apply := func() {
		if loading || sel < 0 || sel >= len(s.cfg.Hosts) {
			return
		}
		h := &s.cfg.Hosts[sel]
		renameIn(s.cfg.Report.Hosts, h.Name, strings.TrimSpace(name.Text))
		h.Name = strings.TrimSpace(name.Text)
		h.Local, h.SSH, h.Agent, h.Prometheus = false, "", "", ""
		a := strings.TrimSpace(addr.Text)
		switch kind.Selected {
		case "local":
			h.Local = true
		case "ssh":
			h.SSH = a
		case "agent":
			h.Agent = a
		case "prometheus":
			h.Prometheus = a
		}
		h.IdentityFile, h.TokenFile = "", ""
		if kind.Selected == "ssh" {
			h.IdentityFile = strings.TrimSpace(ident.Text)
		}
		if kind.Selected == "agent" {
			h.TokenFile = strings.TrimSpace(token.Text)
		}
		delete(s.fieldErrs, "host.interval")
		h.Interval = 0
		if v := strings.TrimSpace(interval.Text); v != "" {
			if d, err := time.ParseDuration(v); err != nil {
				s.fieldErrs["host.interval"] = errors.New(`expected a duration such as "10s"`)
			} else {
				h.Interval = config.Duration(d)
			}
		}
		h.RequireProcesses = nil
		if v := strings.TrimSpace(require.Text); v != "" {
			h.RequireProcesses = SplitList(v)
		}
		list.RefreshItem(sel)
		s.changed()
		for _, e := range s.hostEntries {
			e.Validate()
		}
	}
	for field, e := range s.hostEntries {
		field := field
		e.OnChanged = func(string) { apply() }
		e.Validator = func(string) error {
			if sel < 0 {
				return nil
			}
			if field == "interval" {
				if err := s.fieldErrs["host.interval"]; err != nil {
					return err
				}
			}
			prefix := "hosts[" + strconv.Itoa(sel) + "]"
			for _, ce := range s.errs {
				k := strings.TrimPrefix(ce.Key, prefix)
				if k == ce.Key {
					continue
				}
				k = strings.TrimPrefix(k, ".")
				if k == field || (field == "address" && (k == "ssh" || k == "agent" || k == "prometheus" || k == "")) {
					return errors.New(ce.Msg)
				}
			}
			return nil
		}
	}
	kind.OnChanged = func(string) {
		ident.Disable()
		token.Disable()
		addr.Enable()
		switch kind.Selected {
		case "ssh":
			ident.Enable()
		case "agent":
			token.Enable()
		case "local":
			addr.Disable()
		}
		apply()
	}
	form := widget.NewForm(
		widget.NewFormItem(s.t("Name"), name),
		widget.NewFormItem(s.t("Reached by"), kind),
		widget.NewFormItem(s.t("Address"), addr),
		widget.NewFormItem(s.t("Identity file"), ident),
		widget.NewFormItem(s.t("Token file"), token),
		widget.NewFormItem(s.t("Poll interval"), interval),
		widget.NewFormItem(s.t("Required processes"), require),
	)
	test := widget.NewButton(s.t("Test connection"), func() {
		if sel < 0 || s.OnTestHost == nil {
			return
		}
		result.SetText(s.t("Testing…"))
		s.OnTestHost(s.cfg, s.cfg.Hosts[sel], func(msg string, err error) {
			if err != nil {
				result.Importance = widget.DangerImportance
				result.SetText(err.Error())
			} else {
				result.Importance = widget.SuccessImportance
				result.SetText(msg)
			}
			result.Refresh()
		})
	})
	editor := container.NewVBox(form, container.NewHBox(test), result)
	editor.Hide()

	load := func(i int) {
		sel = i
		if i < 0 || i >= len(s.cfg.Hosts) {
			editor.Hide()
			return
		}
		loading = true
		h := s.cfg.Hosts[i]
		name.SetText(h.Name)
		kind.SetSelected(hostKind(h))
		addr.SetText(h.SSH + h.Agent + h.Prometheus)
		ident.SetText(h.IdentityFile)
		token.SetText(h.TokenFile)
		interval.SetText("")
		if h.Interval > 0 {
			interval.SetText(human.ShortDuration(time.Duration(h.Interval)))
		}
		require.SetText(strings.Join(h.RequireProcesses, ", "))
		result.SetText("")
		loading = false
		editor.Show()
		for _, e := range s.hostEntries {
			e.Validate()
		}
	}
	list.OnSelected = func(i widget.ListItemID) { load(i) }
	add := widget.NewButton(s.t("Add host"), func() {
		s.cfg.Hosts = append(s.cfg.Hosts, config.Host{Name: s.t("new-host"), SSH: "user@host:22"})
		list.Refresh()
		list.Select(len(s.cfg.Hosts) - 1)
		s.changed()
	})
	s.addHost = add
	remove := widget.NewButton(s.t("Remove"), func() {
		if sel < 0 || sel >= len(s.cfg.Hosts) {
			return
		}
		gone := s.cfg.Hosts[sel].Name
		s.cfg.Hosts = append(s.cfg.Hosts[:sel], s.cfg.Hosts[sel+1:]...)
		// A report limited to the removed host would name no host.
		s.cfg.Report.Hosts = slices.DeleteFunc(s.cfg.Report.Hosts, func(h string) bool { return h == gone })
		list.UnselectAll()
		list.Refresh()
		load(-1)
		s.changed()
	})
	note := widget.NewLabel(s.t("With no host at all, Lookout watches this machine."))
	left := container.NewBorder(nil, container.NewHBox(add, remove), nil, nil, list)
	split := container.NewHSplit(left, container.NewVScroll(editor))
	split.Offset = 0.3
	return container.NewBorder(note, nil, nil, nil, split)
}

// renameIn replaces old with new in list, in place.
func renameIn(list []string, old, new string) {
	for i, v := range list {
		if v == old {
			list[i] = new
		}
	}
}
