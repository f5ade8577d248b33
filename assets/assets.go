// Package assets holds Lookout's embedded images: the application icon and
// the tray icons, one per state colour. The PNGs are drawn by
// internal/gen (go generate ./assets) and committed.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:generate go run ./internal/gen .

var (
	//go:embed icon.png
	iconPNG []byte
	//go:embed tray-ok.png
	trayOK []byte
	//go:embed tray-warning.png
	trayWarning []byte
	//go:embed tray-critical.png
	trayCritical []byte
	//go:embed tray-unreachable.png
	trayUnreachable []byte
)

// Icon is the application icon.
var Icon = fyne.NewStaticResource("lookout.png", iconPNG)

// Tray icons by state: the worst host's colour.
var (
	TrayOK          = fyne.NewStaticResource("tray-ok.png", trayOK)
	TrayWarning     = fyne.NewStaticResource("tray-warning.png", trayWarning)
	TrayCritical    = fyne.NewStaticResource("tray-critical.png", trayCritical)
	TrayUnreachable = fyne.NewStaticResource("tray-unreachable.png", trayUnreachable)
)
