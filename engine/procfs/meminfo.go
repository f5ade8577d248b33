package procfs

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
)

// Meminfo is /proc/meminfo. Values are bytes; the file's "kB" are KiB.
type Meminfo struct {
	// Fields holds every line, keyed by its name ("MemTotal",
	// "Active(anon)", ...), in bytes (or as a plain count for the
	// HugePages_ lines, which have no unit).
	Fields map[string]uint64
}

// ParseMeminfo parses /proc/meminfo. MemTotal is required.
func ParseMeminfo(b []byte) (Meminfo, error) {
	m := Meminfo{Fields: make(map[string]uint64, 64)}
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		l := sc.Bytes()
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		name, rest, ok := bytes.Cut(l, []byte(":"))
		if !ok {
			return m, fmt.Errorf("meminfo line %d: no colon in %q", line, truncate(l))
		}
		f := bytes.Fields(rest)
		if len(f) == 0 || len(f) > 2 {
			return m, fmt.Errorf("meminfo line %d: %q: want a number and an optional unit", line, truncate(l))
		}
		v, err := strconv.ParseUint(string(f[0]), 10, 64)
		if err != nil {
			return m, fmt.Errorf("meminfo line %d: %s: %w", line, name, err)
		}
		if len(f) == 2 {
			if string(f[1]) != "kB" {
				return m, fmt.Errorf("meminfo line %d: %s: unknown unit %q", line, name, f[1])
			}
			if v > (1<<64-1)/1024 {
				return m, fmt.Errorf("meminfo line %d: %s: value out of range", line, name)
			}
			v *= 1024
		}
		m.Fields[string(name)] = v
	}
	if err := sc.Err(); err != nil {
		return m, fmt.Errorf("meminfo: %w", err)
	}
	if _, ok := m.Fields["MemTotal"]; !ok {
		return m, fmt.Errorf("meminfo: no MemTotal")
	}
	return m, nil
}

// Total is MemTotal.
func (m Meminfo) Total() uint64 { return m.Fields["MemTotal"] }

// Available is MemAvailable, or on kernels before 3.14 (which lack it)
// MemFree + Cached + SReclaimable, the estimate free(1) falls back to.
func (m Meminfo) Available() uint64 {
	if v, ok := m.Fields["MemAvailable"]; ok {
		return min(v, m.Total())
	}
	return min(m.Fields["MemFree"]+m.Cached(), m.Total())
}

// Cached is page cache plus reclaimable slab (Cached + SReclaimable), as
// free(1) and gopsutil count it.
func (m Meminfo) Cached() uint64 { return m.Fields["Cached"] + m.Fields["SReclaimable"] }

// Buffers is the Buffers line.
func (m Meminfo) Buffers() uint64 { return m.Fields["Buffers"] }

// SwapTotal is the SwapTotal line.
func (m Meminfo) SwapTotal() uint64 { return m.Fields["SwapTotal"] }

// SwapUsed is SwapTotal - SwapFree, as gopsutil counts it.
func (m Meminfo) SwapUsed() uint64 {
	t, f := m.Fields["SwapTotal"], m.Fields["SwapFree"]
	if f > t {
		return 0
	}
	return t - f
}
