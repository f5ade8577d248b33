// Command mkpkg builds Lookout's packages from the built binaries (make
// package): lookout_<version>_amd64.deb (the desktop app), lookoutd_<version>_amd64.deb
// (the daemon) with nfpm, and lookout-<version>-linux-amd64.tar.xz, a tree
// in Fyne's packaging layout (usr/local/...) with a Makefile whose
// `make install PREFIX=...` puts the same files in place.
//
// The desktop entry and the AppStream metainfo come from FyneApp.toml, the
// icons are scaled from its icon, and the man pages and shell completions
// are printed by the binaries themselves (their hidden `_docs` command),
// from the same command table that runs them.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mkpkg:", err)
		os.Exit(1)
	}
}

func run() error {
	version := flag.String("version", "", "Debian version of the packages (scripts/version.sh)")
	bin := flag.String("bin", "bin", "`dir` holding the built lookout and lookoutd")
	out := flag.String("out", "dist", "`dir` the packages are written to")
	src := flag.String("src", ".", "the source tree (FyneApp.toml, packaging/, assets/)")
	treeOnly := flag.Bool("tree-only", false, "only lay out the tar.xz's tree (make install)")
	withTar := flag.Bool("tar", true, "write the tar.xz (-tar=false: only the .debs, for make test-package)")
	flag.Parse()
	if *version == "" {
		return fmt.Errorf("-version is required")
	}
	mtime := time.Now().UTC()
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH: %w", err)
		}
		mtime = time.Unix(n, 0).UTC()
	}
	b := &builder{src: *src, bin: *bin, out: *out, version: *version, mtime: mtime}
	if err := b.load(); err != nil {
		return err
	}
	pkgs, err := b.layout()
	if err != nil {
		return err
	}
	tree := filepath.Join(*out, "lookout-"+*version)
	if err := writeTree(tree, pkgs); err != nil {
		return err
	}
	slog.Info("tree", "dir", tree)
	if *treeOnly {
		return nil
	}
	if *withTar {
		tarball := filepath.Join(*out, "lookout-"+*version+"-linux-amd64.tar.xz")
		if err := writeTarXZ(tarball, tree, mtime); err != nil {
			return err
		}
		slog.Info("package", "file", tarball)
	}
	for _, p := range pkgs {
		file, err := b.deb(p, tree)
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		slog.Info("package", "file", file)
	}
	return nil
}
