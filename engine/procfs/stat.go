package procfs

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
)

// CPUTimes is one "cpu" line of /proc/stat: clock ticks (USER_HZ) spent in
// each state since boot. Guest and GuestNice are already counted in User
// and Nice.
type CPUTimes struct {
	// Name is "cpu" for the total line, "cpu0", "cpu1", ... for each core.
	Name                                                  string
	User, Nice, System, Idle, IOWait, IRQ, SoftIRQ, Steal uint64
	Guest, GuestNice                                      uint64
}

// Stat is the part of /proc/stat that Lookout uses.
type Stat struct {
	Total CPUTimes   // the "cpu" line
	Cores []CPUTimes // the "cpuN" lines, in file order
	// BootTime is the boot time in seconds since the epoch (btime).
	BootTime uint64
	// ProcsRunning and ProcsBlocked are processes runnable and blocked on
	// I/O right now.
	ProcsRunning, ProcsBlocked uint64
}

// ParseStat parses /proc/stat. Kernels before 2.6.11 have fewer columns on
// the cpu lines; absent columns are zero. A file without a "cpu" line is
// an error.
func ParseStat(b []byte) (Stat, error) {
	var s Stat
	seenTotal := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20) // the intr line is long
	line := 0
	for sc.Scan() {
		line++
		f := bytes.Fields(sc.Bytes())
		if len(f) == 0 {
			continue
		}
		key := string(f[0])
		switch {
		case key == "cpu" || (len(key) > 3 && key[:3] == "cpu" && isDigits(key[3:])):
			t, err := parseCPULine(key, f[1:])
			if err != nil {
				return s, fmt.Errorf("stat line %d: %w", line, err)
			}
			if key == "cpu" {
				s.Total, seenTotal = t, true
			} else {
				s.Cores = append(s.Cores, t)
			}
		case key == "btime" || key == "procs_running" || key == "procs_blocked":
			if len(f) < 2 {
				return s, fmt.Errorf("stat line %d: %s has no value", line, key)
			}
			v, err := strconv.ParseUint(string(f[1]), 10, 64)
			if err != nil {
				return s, fmt.Errorf("stat line %d: %s: %w", line, key, err)
			}
			switch key {
			case "btime":
				s.BootTime = v
			case "procs_running":
				s.ProcsRunning = v
			default:
				s.ProcsBlocked = v
			}
		}
	}
	if err := sc.Err(); err != nil {
		return s, fmt.Errorf("stat: %w", err)
	}
	if !seenTotal {
		return s, fmt.Errorf("stat: no cpu line")
	}
	return s, nil
}

func parseCPULine(name string, f [][]byte) (CPUTimes, error) {
	t := CPUTimes{Name: name}
	if len(f) < 4 {
		return t, fmt.Errorf("%s: %d columns, want at least 4", name, len(f))
	}
	dst := []*uint64{&t.User, &t.Nice, &t.System, &t.Idle, &t.IOWait, &t.IRQ, &t.SoftIRQ, &t.Steal, &t.Guest, &t.GuestNice}
	for i, p := range dst {
		if i >= len(f) {
			break
		}
		v, err := strconv.ParseUint(string(f[i]), 10, 64)
		if err != nil {
			return t, fmt.Errorf("%s column %d: %w", name, i+1, err)
		}
		*p = v
	}
	return t, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
