package main

import (
	"archive/tar"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ulikunitz/xz"
)

// treePath is where a package path lies in the tar.xz's tree (Fyne's
// layout: usr/local/...; the configuration under etc/).
func treePath(dst string) string {
	if rest, ok := strings.CutPrefix(dst, "/usr/"); ok {
		return "usr/local/" + rest
	}
	return strings.TrimPrefix(dst, "/")
}

// installPath is where `make install` puts it, in make's syntax.
func installPath(dst string) string {
	if rest, ok := strings.CutPrefix(dst, "/usr/"); ok {
		return "$(DESTDIR)$(PREFIX)/" + rest
	}
	if rest, ok := strings.CutPrefix(dst, "/etc/"); ok {
		return "$(DESTDIR)$(SYSCONFDIR)/" + rest
	}
	return "$(DESTDIR)" + dst
}

// writeTree lays out the packages' files and the Makefile under dir.
func writeTree(dir string, pkgs []pkg) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for _, p := range pkgs {
		for _, f := range p.Files {
			path := filepath.Join(dir, treePath(f.Dst))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, f.Data, f.Mode); err != nil {
				return err
			}
			if err := os.Chmod(path, f.Mode); err != nil {
				return err
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, "Makefile"), []byte(makefile(pkgs)), 0o644)
}

// makefile installs and uninstalls the tree's files.
func makefile(pkgs []pkg) string {
	var s strings.Builder
	s.WriteString(`# Installs Lookout: make install [PREFIX=/usr/local] [SYSCONFDIR=/etc] [DESTDIR=]
#   make install-lookout    the desktop app only
#   make install-lookoutd   the daemon only (then: systemctl daemon-reload;
#                           systemctl enable --now lookoutd)
# make uninstall removes what install put in place, except the configuration.
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
DESTDIR ?=

.PHONY: install uninstall
`)
	var names []string
	for _, p := range pkgs {
		names = append(names, p.Name)
	}
	fmt.Fprintf(&s, "install: %s\nuninstall: %s\n", join(names, "install-"), join(names, "uninstall-"))
	for _, p := range pkgs {
		fmt.Fprintf(&s, "\n.PHONY: install-%s uninstall-%s\ninstall-%s:\n", p.Name, p.Name, p.Name)
		files := append([]file(nil), p.Files...)
		sort.Slice(files, func(i, j int) bool { return files[i].Dst < files[j].Dst })
		for _, f := range files {
			src, dst := treePath(f.Dst), installPath(f.Dst)
			switch {
			case f.Config:
				// An edited configuration is kept.
				fmt.Fprintf(&s, "\ttest -e %s || install -D -m %04o %s %s\n", dst, f.Mode, src, dst)
			case strings.HasSuffix(f.Dst, ".service"):
				fmt.Fprintf(&s, "\tinstall -d $(dir %s)\n", dst)
				fmt.Fprintf(&s, "\tsed -e 's|/usr/bin/|$(PREFIX)/bin/|g' -e 's|/etc/lookout/|$(SYSCONFDIR)/lookout/|g' %s > %s\n", src, dst)
				fmt.Fprintf(&s, "\tchmod %04o %s\n", f.Mode, dst)
			default:
				fmt.Fprintf(&s, "\tinstall -D -m %04o %s %s\n", f.Mode, src, dst)
			}
		}
		if p.Name == "lookoutd" {
			s.WriteString("\t@if [ -z \"$(DESTDIR)\" ] && [ \"$$(id -u)\" = 0 ] && command -v systemd-sysusers >/dev/null; then \\\n" +
				"\t\tsystemd-sysusers $(PREFIX)/lib/sysusers.d/lookoutd.conf; fi\n")
		}
		fmt.Fprintf(&s, "uninstall-%s:\n", p.Name)
		for _, f := range files {
			if !f.Config {
				fmt.Fprintf(&s, "\trm -f %s\n", installPath(f.Dst))
			}
		}
	}
	return s.String()
}

func join(names []string, prefix string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return strings.Join(out, " ")
}

// writeTarXZ packs dir (its base name the top directory) into file, with
// xz(1) on all cores when it is installed (ten times faster than the Go
// encoder), else github.com/ulikunitz/xz.
func writeTarXZ(file, dir string, mtime time.Time) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var xw io.WriteCloser
	var wait func() error
	if path, err := exec.LookPath("xz"); err == nil {
		cmd := exec.Command(path, "-T0", "-6", "-c")
		cmd.Stdout, cmd.Stderr = f, os.Stderr
		if xw, err = cmd.StdinPipe(); err != nil {
			return err
		}
		if err := cmd.Start(); err != nil {
			return err
		}
		wait = cmd.Wait
	} else {
		if xw, err = xz.NewWriter(f); err != nil {
			return err
		}
		wait = func() error { return nil }
	}
	tw := tar.NewWriter(xw)
	base := filepath.Dir(dir)
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		hdr, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(base, path)
		hdr.Name = filepath.ToSlash(rel)
		if d.IsDir() {
			hdr.Name += "/"
		}
		hdr.ModTime, hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = mtime, 0, 0, "root", "root"
		hdr.Format = tar.FormatPAX
		hdr.PAXRecords = nil
		hdr.AccessTime, hdr.ChangeTime = time.Time{}, time.Time{}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(tw, src)
		return err
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := xw.Close(); err != nil {
		return err
	}
	if err := wait(); err != nil {
		return fmt.Errorf("xz: %w", err)
	}
	return f.Close()
}
