// Command lookout is the desktop and tray server monitor. See README.md.
package main

import (
	"os"

	"lookout/app"
	"lookout/internal/localeenv"
)

func main() {
	localeenv.Restore()
	attachConsole(os.Args[1:])
	os.Exit(app.Main(os.Args[1:]))
}
