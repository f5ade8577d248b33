package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
	"github.com/goreleaser/nfpm/v2/files"
)

// deb writes p as NAME_VERSION_amd64.deb from the files laid out in tree
// and returns its path.
func (b *builder) deb(p pkg, tree string) (string, error) {
	var contents files.Contents
	for _, f := range p.Files {
		c := &files.Content{Source: filepath.Join(tree, treePath(f.Dst)), Destination: f.Dst,
			FileInfo: &files.ContentFileInfo{Mode: f.Mode, Owner: "root", Group: "root", MTime: b.mtime}}
		if f.Config {
			c.Type = files.TypeConfig
		}
		contents = append(contents, c)
	}
	info := &nfpm.Info{
		Name:          p.Name,
		Arch:          "amd64",
		Platform:      "linux",
		Version:       b.version,
		VersionSchema: "none",
		Section:       p.Section,
		Priority:      "optional",
		Maintainer:    maintainer,
		Description:   p.Summary + "\n" + p.Description,
		Homepage:      b.app.Website,
		License:       "LicenseRef-Lookout",
		MTime:         b.mtime,
		Overridables: nfpm.Overridables{
			Depends: p.Depends, Recommends: p.Recommends, Suggests: p.Suggests,
			Contents: contents,
			Umask:    0o022,
			Scripts: nfpm.Scripts{PostInstall: p.Scripts["postinst"], PreRemove: p.Scripts["prerm"],
				PostRemove: p.Scripts["postrm"]},
			// gzip: nfpm's xz is pure Go and takes minutes on a busy machine.
			Deb: nfpm.Deb{Compression: "gzip"},
		},
	}
	info = nfpm.WithDefaults(info)
	if err := nfpm.Validate(info); err != nil {
		return "", err
	}
	name := filepath.Join(b.out, fmt.Sprintf("%s_%s_amd64.deb", p.Name, b.version))
	f, err := os.Create(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := deb.Default.Package(info, f); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, f.Close()
}
