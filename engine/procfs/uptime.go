package procfs

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// Uptime is /proc/uptime.
type Uptime struct {
	// Seconds since boot, and the sum of every core's idle seconds.
	Seconds, IdleSeconds float64
}

// ParseUptime parses /proc/uptime ("343.61 378.56").
func ParseUptime(b []byte) (Uptime, error) {
	var u Uptime
	f := bytes.Fields(b)
	if len(f) < 1 {
		return u, fmt.Errorf("uptime: empty")
	}
	for i, p := range []*float64{&u.Seconds, &u.IdleSeconds} {
		if i >= len(f) {
			break
		}
		v, err := strconv.ParseFloat(string(f[i]), 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return u, fmt.Errorf("uptime: field %d: bad number %q", i+1, truncate(f[i]))
		}
		*p = v
	}
	return u, nil
}
