// Package human formats sizes, rates and durations for people, the same
// way in the window, the command line and the chat messages.
package human

import (
	"fmt"
	"math"
	"strings"
	"time"
)

var units = []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}

// Bytes formats n with binary units: "512 B", "1.5 GiB".
func Bytes(n float64) string {
	if math.IsNaN(n) {
		return "–"
	}
	i := 0
	for math.Abs(n) >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f B", n)
	}
	if math.Abs(n) >= 100 {
		return fmt.Sprintf("%.0f %s", n, units[i])
	}
	return fmt.Sprintf("%.1f %s", n, units[i])
}

// Rate formats bytes per second: "1.2 MiB/s".
func Rate(bps float64) string { return Bytes(bps) + "/s" }

// Percent formats a percentage with one decimal: "42.0 %".
func Percent(p float64) string {
	if math.IsNaN(p) {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", p)
}

// Duration formats d coarsely: "45s", "12m", "3h 20m", "5d 2h".
func Duration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 24*time.Hour:
		h := int(d.Hours())
		if m := int(d.Minutes()) % 60; m > 0 {
			return fmt.Sprintf("%dh %dm", h, m)
		}
		return fmt.Sprintf("%dh", h)
	}
	days := int(d.Hours()) / 24
	if h := int(d.Hours()) % 24; h > 0 {
		return fmt.Sprintf("%dd %dh", days, h)
	}
	return fmt.Sprintf("%dd", days)
}

// ShortDuration writes a duration as one would type it, without its zero
// units: "6h", "30m", "1h30m", "1.5s" rather than "6h0m0s".
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
