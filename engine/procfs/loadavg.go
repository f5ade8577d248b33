package procfs

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// Loadavg is /proc/loadavg.
type Loadavg struct {
	Load1, Load5, Load15 float64
	// Running and Total are the runnable and all scheduling entities
	// (the "2/95" column).
	Running, Total uint64
	LastPID        uint64
}

// ParseLoadavg parses /proc/loadavg ("0.52 0.41 0.33 2/95 13871").
func ParseLoadavg(b []byte) (Loadavg, error) {
	var l Loadavg
	f := bytes.Fields(b)
	if len(f) < 3 {
		return l, fmt.Errorf("loadavg: %d fields, want at least 3", len(f))
	}
	for i, p := range []*float64{&l.Load1, &l.Load5, &l.Load15} {
		v, err := strconv.ParseFloat(string(f[i]), 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return l, fmt.Errorf("loadavg: field %d: bad load %q", i+1, truncate(f[i]))
		}
		*p = v
	}
	if len(f) >= 4 {
		r, t, ok := bytes.Cut(f[3], []byte("/"))
		if !ok {
			return l, fmt.Errorf("loadavg: field 4: want running/total, got %q", truncate(f[3]))
		}
		var err error
		if l.Running, err = strconv.ParseUint(string(r), 10, 64); err != nil {
			return l, fmt.Errorf("loadavg: running: %w", err)
		}
		if l.Total, err = strconv.ParseUint(string(t), 10, 64); err != nil {
			return l, fmt.Errorf("loadavg: total: %w", err)
		}
	}
	if len(f) >= 5 {
		v, err := strconv.ParseUint(string(f[4]), 10, 64)
		if err != nil {
			return l, fmt.Errorf("loadavg: last pid: %w", err)
		}
		l.LastPID = v
	}
	return l, nil
}
