package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// History is the [history] section: where and how long Lookout keeps
// history on disk (see engine/history).
type History struct {
	// Enabled turns the history database on (default true).
	Enabled bool `toml:"enabled"`
	// Dir holds history.db; "" means $XDG_DATA_HOME/lookout
	// (~/.local/share/lookout). lookoutd's systemd unit sets it to its
	// StateDirectory.
	Dir string `toml:"dir"`
	// RawRetention keeps every sample (default 48h).
	RawRetention Duration `toml:"raw_retention"`
	// MinuteRetention keeps 1-minute averages and maxima (default 168h: a
	// week; the ten-minute tier draws longer charts).
	MinuteRetention Duration `toml:"minute_retention"`
	// TenMinuteRetention keeps 10-minute averages and maxima (default 8760h).
	TenMinuteRetention Duration `toml:"ten_minute_retention"`
	// MaxSize caps the database, e.g. "2GB" or "500MiB"; "0" means no cap.
	MaxSize ByteSize `toml:"max_size"`
}

// DefaultHistory is the [history] section when the file has none.
func DefaultHistory() History {
	return History{
		Enabled:            true,
		RawRetention:       Duration(48 * time.Hour),
		MinuteRetention:    Duration(7 * 24 * time.Hour),
		TenMinuteRetention: Duration(365 * 24 * time.Hour),
		MaxSize:            2 << 30,
	}
}

// ByteSize is a size written in TOML as a string such as "500MB", "2GiB"
// or "1.5 GB" (decimal and binary units; a bare number is bytes).
type ByteSize int64

var byteUnits = []struct {
	suffix string
	mult   float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"t", 1 << 40},
	{"b", 1},
}

// UnmarshalText parses a size.
func (b *ByteSize) UnmarshalText(text []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(text)))
	mult := 1.0
	for _, u := range byteUnits {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return fmt.Errorf("expected a size such as \"500MB\" or \"2GiB\", got %q", text)
	}
	*b = ByteSize(v * mult)
	return nil
}

// MarshalText writes the size in bytes.
func (b ByteSize) MarshalText() ([]byte, error) { return []byte(strconv.FormatInt(int64(b), 10)), nil }

func (c *Config) validateHistory(v *validator) {
	h := c.History
	if h.Dir != "" && !filepath.IsAbs(h.Dir) {
		v.add("history.dir", "expected an absolute path, got %q", h.Dir)
	}
	check := func(key string, d, lo, hi Duration) {
		if d < lo || d > hi {
			v.add("history."+key, "expected a duration from %s to %s, got %s", time.Duration(lo), time.Duration(hi), d)
		}
	}
	check("raw_retention", h.RawRetention, Duration(time.Hour), Duration(90*24*time.Hour))
	check("minute_retention", h.MinuteRetention, Duration(time.Hour), Duration(5*365*24*time.Hour))
	check("ten_minute_retention", h.TenMinuteRetention, Duration(time.Hour), Duration(20*365*24*time.Hour))
	if h.MaxSize != 0 && h.MaxSize < 1<<20 {
		v.add("history.max_size", "expected at least 1MB (or 0 for no cap), got %d bytes", int64(h.MaxSize))
	}
}

// ViaPrometheus reports whether h is read through Prometheus: a
// node_exporter endpoint or a Prometheus server's API.
func (h Host) ViaPrometheus() bool { return h.Prometheus != "" || h.PromQL != "" }

// validatePromHost checks the prometheus and promql keys of hosts[i].
func validatePromHost(v *validator, key string, h Host) {
	if h.Prometheus != "" {
		checkHTTPURL(v, key+".prometheus", h.Prometheus, "http://host:9100/metrics")
	}
	if h.PromQL != "" {
		checkHTTPURL(v, key+".promql", h.PromQL, "http://prometheus:9090")
	}
}

func checkHTTPURL(v *validator, key, raw, example string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// Never echo the value: it may carry a password.
		v.add(key, "expected an http:// or https:// URL such as %q", example)
	}
}
