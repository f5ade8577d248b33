// Package views holds Lookout's Fyne screens and widgets and the view
// models they draw. Views only read: they are handed view models built
// from engine snapshots and never touch the network or the disk. Other
// goroutines update them only through fyne.Do.
package views
