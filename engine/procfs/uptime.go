package procfs

import (
	"bytes"
	"fmt"
	"strconv"
)

// ParseUptime parses /proc/uptime and returns the seconds since boot.
func ParseUptime(b []byte) (float64, error) {
	fields := bytes.Fields(b)
	if len(fields) == 0 {
		return 0, fmt.Errorf("uptime: empty")
	}
	v, err := strconv.ParseFloat(string(fields[0]), 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("uptime: bad value %q", fields[0])
	}
	return v, nil
}
