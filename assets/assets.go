// Package assets holds Lookout's embedded images: the application icon and
// the tray icons, one per state colour and one for paused polling. The PNGs are drawn by
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
	//go:embed tray-paused.png
	trayPaused []byte
	//go:embed tray-silenced.png
	traySilenced []byte
)

// Icon is the application icon.
var Icon = fyne.NewStaticResource("lookout.png", iconPNG)

// Tray icons by state: the worst host's colour.
var (
	TrayOK          = fyne.NewStaticResource("tray-ok.png", trayOK)
	TrayWarning     = fyne.NewStaticResource("tray-warning.png", trayWarning)
	TrayCritical    = fyne.NewStaticResource("tray-critical.png", trayCritical)
	TrayUnreachable = fyne.NewStaticResource("tray-unreachable.png", trayUnreachable)
	// TrayPaused shows a pause sign: polling is paused.
	TrayPaused = fyne.NewStaticResource("tray-paused.png", trayPaused)
	// TraySilenced is the worst host's when all its alerts are held by a
	// silence, or when alerts are snoozed.
	TraySilenced = fyne.NewStaticResource("tray-silenced.png", traySilenced)
)
