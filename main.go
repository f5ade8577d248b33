// Command lookout is the desktop and tray server monitor. See README.md.
package main

import (
	"os"

	"lookout/app"
)

func main() {
	attachConsole(os.Args[1:])
	os.Exit(app.Main(os.Args[1:]))
}
