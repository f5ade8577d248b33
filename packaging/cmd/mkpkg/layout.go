package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// app is what FyneApp.toml says about the desktop app.
type app struct {
	Website string
	Details struct {
		Icon, Name, ID, Version string
	}
	LinuxAndBSD struct {
		GenericName, Comment string
		Categories, Keywords []string
	}
}

type builder struct {
	src, bin, out, version string
	mtime                  time.Time
	app                    app
}

// file is one file of a package, at its Debian path (/usr/...).
type file struct {
	Dst    string
	Mode   os.FileMode
	Data   []byte
	Config bool // a conffile (/etc)
}

// pkg is one Debian package.
type pkg struct {
	Name, Section, Summary, Description string
	Depends, Recommends, Suggests       []string
	Files                               []file
	// Maintainer scripts (packaging/debian/NAME.postinst, ...).
	Scripts map[string]string
}

func (b *builder) load() error {
	raw, err := os.ReadFile(filepath.Join(b.src, "FyneApp.toml"))
	if err != nil {
		return err
	}
	if err := toml.Unmarshal(raw, &b.app); err != nil {
		return fmt.Errorf("FyneApp.toml: %w", err)
	}
	return nil
}

func (b *builder) read(rel string) ([]byte, error) { return os.ReadFile(filepath.Join(b.src, rel)) }

// docs runs a built binary's hidden _docs command.
func (b *builder) docs(binary, format string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(b.bin, binary), "_docs", format)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s _docs %s: %w: %s", binary, format, err, stderr.String())
	}
	return out, nil
}

func gz(data []byte, mtime time.Time) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.ModTime = mtime
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// common are the files both packages carry for a binary: itself, its man
// page, completions and the Debian docs.
func (b *builder) common(name string, section int) ([]file, error) {
	exe, err := os.ReadFile(filepath.Join(b.bin, name))
	if err != nil {
		return nil, err
	}
	fs := []file{{Dst: "/usr/bin/" + name, Mode: 0o755, Data: exe}}
	man, err := b.docs(name, "man")
	if err != nil {
		return nil, err
	}
	fs = append(fs, file{Dst: fmt.Sprintf("/usr/share/man/man%d/%s.%d.gz", section, name, section), Mode: 0o644, Data: gz(man, b.mtime)})
	for format, dst := range map[string]string{
		"bash": "/usr/share/bash-completion/completions/" + name,
		"zsh":  "/usr/share/zsh/vendor-completions/_" + name,
		"fish": "/usr/share/fish/vendor_completions.d/" + name + ".fish",
	} {
		data, err := b.docs(name, format)
		if err != nil {
			return nil, err
		}
		fs = append(fs, file{Dst: dst, Mode: 0o644, Data: data})
	}
	copyright, err := b.copyright()
	if err != nil {
		return nil, err
	}
	changelog := fmt.Sprintf("%s (%s) unstable; urgency=medium\n\n  * Built from the Lookout sources, version %s.\n\n -- %s  %s\n",
		name, b.version, b.version, maintainer, b.mtime.Format(time.RFC1123Z))
	fs = append(fs,
		file{Dst: "/usr/share/doc/" + name + "/copyright", Mode: 0o644, Data: copyright},
		file{Dst: "/usr/share/doc/" + name + "/changelog.gz", Mode: 0o644, Data: gz([]byte(changelog), b.mtime)})
	return fs, nil
}

const maintainer = "Lookout maintainers <lookout-maintainers@users.noreply.github.com>"

// copyright is packaging/copyright with the font's licence text appended.
func (b *builder) copyright() ([]byte, error) {
	head, err := b.read("packaging/copyright")
	if err != nil {
		return nil, err
	}
	ofl, err := b.read("assets/fonts/OFL.txt")
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(head)
	for _, line := range strings.Split(strings.TrimRight(string(ofl), "\n"), "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			line = "."
		}
		out.WriteString(" " + line + "\n")
	}
	return out.Bytes(), nil
}

func (b *builder) layout() ([]pkg, error) {
	gui, err := b.common("lookout", 1)
	if err != nil {
		return nil, err
	}
	id := b.app.Details.ID
	gui = append(gui, file{Dst: "/usr/share/applications/" + id + ".desktop", Mode: 0o644, Data: b.desktop()})
	meta, err := b.metainfo()
	if err != nil {
		return nil, err
	}
	gui = append(gui, file{Dst: "/usr/share/metainfo/" + id + ".metainfo.xml", Mode: 0o644, Data: meta})
	over, err := b.read("packaging/lintian/lookout")
	if err != nil {
		return nil, err
	}
	gui = append(gui, file{Dst: "/usr/share/lintian/overrides/lookout", Mode: 0o644, Data: over})
	icons, err := b.icons()
	if err != nil {
		return nil, err
	}
	gui = append(gui, icons...)

	daemon, err := b.common("lookoutd", 8)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct{ src, dst string }{
		{"packaging/lookoutd.service", "/usr/lib/systemd/system/lookoutd.service"},
		{"packaging/lookoutd.sysusers", "/usr/lib/sysusers.d/lookoutd.conf"},
		{"packaging/lintian/lookoutd", "/usr/share/lintian/overrides/lookoutd"},
		{"lookout.example.toml", "/usr/share/doc/lookoutd/examples/lookout.example.toml"},
	} {
		data, err := b.read(f.src)
		if err != nil {
			return nil, err
		}
		daemon = append(daemon, file{Dst: f.dst, Mode: 0o644, Data: data})
	}
	conf, err := b.read("packaging/lookoutd.toml")
	if err != nil {
		return nil, err
	}
	daemon = append(daemon, file{Dst: "/etc/lookout/lookoutd.toml", Mode: 0o644, Data: conf, Config: true})
	scripts := map[string]string{}
	for _, s := range []string{"postinst", "prerm", "postrm"} {
		scripts[s] = filepath.Join(b.src, "packaging/debian/lookoutd."+s)
	}
	return []pkg{
		{
			Name: "lookout", Section: "admin", Summary: "desktop and tray monitor for this machine and your servers",
			Description: "Lookout watches this machine and your servers from the tray: CPU, memory,\n" +
				"disks, load, temperature and processes, over SSH with nothing installed on the\n" +
				"servers, through its pull agent (package lookoutd), or from Prometheus. Alerts\n" +
				"and periodic reports with charts go to chat groups and desktop notifications.",
			// The GL driver and X11 are linked; GLFW opens the other X
			// libraries at run time.
			Depends: []string{"libc6", "libgl1", "libx11-6", "libx11-xcb1", "libxcursor1", "libxrandr2",
				"libxinerama1", "libxi6", "libxxf86vm1", "libxrender1"},
			Recommends: []string{"fonts-noto-cjk"},
			Suggests:   []string{"lookoutd"},
			Files:      gui,
		},
		{
			Name: "lookoutd", Section: "admin", Summary: "headless monitoring daemon and pull agent of Lookout",
			Description: "lookoutd run monitors the hosts of a Lookout configuration without a screen,\n" +
				"as the systemd service lookoutd: history on disk, alerts and reports to chat\n" +
				"groups, Prometheus metrics. lookoutd agent serves this machine's figures to a\n" +
				"Lookout window. One static binary.",
			Files:   daemon,
			Scripts: scripts,
		},
	}, nil
}

// desktop is the desktop entry, from FyneApp.toml.
func (b *builder) desktop() []byte {
	a := b.app
	list := func(v []string) string {
		if len(v) == 0 {
			return ""
		}
		return strings.Join(v, ";") + ";"
	}
	var s strings.Builder
	fmt.Fprintf(&s, "[Desktop Entry]\nType=Application\nName=%s\n", a.Details.Name)
	if a.LinuxAndBSD.GenericName != "" {
		fmt.Fprintf(&s, "GenericName=%s\n", a.LinuxAndBSD.GenericName)
	}
	if a.LinuxAndBSD.Comment != "" {
		fmt.Fprintf(&s, "Comment=%s\n", a.LinuxAndBSD.Comment)
	}
	fmt.Fprintf(&s, "Exec=lookout\nIcon=%s\nTerminal=false\n", a.Details.ID)
	if c := list(a.LinuxAndBSD.Categories); c != "" {
		fmt.Fprintf(&s, "Categories=%s\n", c)
	}
	if k := list(a.LinuxAndBSD.Keywords); k != "" {
		fmt.Fprintf(&s, "Keywords=%s\n", k)
	}
	return []byte(s.String())
}

func (b *builder) metainfo() ([]byte, error) {
	raw, err := b.read("packaging/metainfo.xml")
	if err != nil {
		return nil, err
	}
	t, err := template.New("metainfo").Parse(string(raw))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	a := b.app
	err = t.Execute(&out, map[string]any{
		"ID": a.Details.ID, "Name": a.Details.Name, "Comment": a.LinuxAndBSD.Comment, "Website": a.Website,
		"Categories": a.LinuxAndBSD.Categories, "Keywords": a.LinuxAndBSD.Keywords,
		"Version": b.version, "Date": b.mtime.Format("2006-01-02"),
	})
	return out.Bytes(), err
}
