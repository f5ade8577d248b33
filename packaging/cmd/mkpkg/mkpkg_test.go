package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/internal/testenv"
)

func testBuilder(t *testing.T) *builder {
	t.Helper()
	b := &builder{src: "../../..", bin: t.TempDir(), out: t.TempDir(), version: "1.2.3~git4.gabcdef0",
		mtime: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	if err := b.load(); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDesktopAndMetainfo: the entry and the metainfo made from
// FyneApp.toml pass Debian's validators.
func TestDesktopAndMetainfo(t *testing.T) {
	b := testBuilder(t)
	dir := t.TempDir()
	desktop := filepath.Join(dir, b.app.Details.ID+".desktop")
	os.WriteFile(desktop, b.desktop(), 0o644)
	for _, w := range []string{"Name=Lookout\n", "Exec=lookout\n", "Icon=io.github.lookout.monitor\n", "Categories=System;Monitor;\n"} {
		if !strings.Contains(string(b.desktop()), w) {
			t.Errorf("desktop entry lacks %q:\n%s", w, b.desktop())
		}
	}
	if out, err := exec.Command(testenv.Require(t, "desktop-file-validate"), desktop).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("desktop-file-validate: %v\n%s", err, out)
	}
	meta, err := b.metainfo()
	if err != nil {
		t.Fatal(err)
	}
	mf := filepath.Join(dir, b.app.Details.ID+".metainfo.xml")
	os.WriteFile(mf, meta, 0o644)
	if out, err := exec.Command(testenv.Require(t, "appstreamcli"), "validate", "--no-net", mf).CombinedOutput(); err != nil {
		t.Errorf("appstreamcli validate: %v\n%s", err, out)
	}
	if !bytes.Contains(meta, []byte(`<release version="1.2.3~git4.gabcdef0" date="2026-12-01"/>`)) {
		t.Errorf("metainfo lacks the release:\n%s", meta)
	}
}

func TestIcons(t *testing.T) {
	icons, err := testBuilder(t).icons()
	if err != nil {
		t.Fatal(err)
	}
	if len(icons) != len(iconSizes) {
		t.Fatalf("%d icons, want %d", len(icons), len(iconSizes))
	}
	for i, f := range icons {
		img, err := png.Decode(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		n := iconSizes[i]
		if img.Bounds().Dx() != n || img.Bounds().Dy() != n || !strings.Contains(f.Dst, "/hicolor/") {
			t.Errorf("%s is %v", f.Dst, img.Bounds())
		}
	}
}

// TestMakefile: make install puts /usr files under PREFIX, keeps an
// edited configuration, and rewrites the unit's binary path.
func TestMakefile(t *testing.T) {
	mk := makefile([]pkg{{Name: "lookoutd", Files: []file{
		{Dst: "/usr/bin/lookoutd", Mode: 0o755},
		{Dst: "/usr/lib/systemd/system/lookoutd.service", Mode: 0o644},
		{Dst: "/etc/lookout/lookoutd.toml", Mode: 0o644, Config: true},
	}}})
	for _, w := range []string{
		"install -D -m 0755 usr/local/bin/lookoutd $(DESTDIR)$(PREFIX)/bin/lookoutd",
		"test -e $(DESTDIR)$(SYSCONFDIR)/lookout/lookoutd.toml || install -D -m 0644 etc/lookout/lookoutd.toml",
		"sed -e 's|/usr/bin/|$(PREFIX)/bin/|g'",
		"rm -f $(DESTDIR)$(PREFIX)/bin/lookoutd",
	} {
		if !strings.Contains(mk, w) {
			t.Errorf("Makefile lacks %q:\n%s", w, mk)
		}
	}
	if strings.Contains(mk, "rm -f $(DESTDIR)$(SYSCONFDIR)/lookout/lookoutd.toml") {
		t.Error("make uninstall removes the configuration")
	}
}
