// Command winicon writes Lookout's application icon (assets/icon.png) as a
// Windows .ico, for the resource that make windows links into lookout.exe
// (scripts/windows/lookout.rc). The icon holds the 256 px PNG, as Fyne's
// own packager writes it; Windows scales it for the taskbar and Explorer.
//
//	go run ./scripts/winicon -o bin/windows/lookout.ico assets/icon.png
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image/png"
	"os"

	"github.com/fyne-io/image/ico"
	"github.com/google/renameio/v2/maybe"
)

func main() {
	out := flag.String("o", "lookout.ico", "the .ico `file` to write")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: winicon -o FILE.ico ICON.png")
		os.Exit(2)
	}
	if err := convert(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "winicon:", err)
		os.Exit(1)
	}
}

func convert(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	var b bytes.Buffer
	if err := ico.Encode(&b, img); err != nil {
		return err
	}
	return maybe.WriteFile(out, b.Bytes(), 0o644)
}
