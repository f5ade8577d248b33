package procfs

import (
	"bytes"
	"fmt"
	"strconv"
)

// PidStat is the part of /proc/[pid]/stat that Lookout uses.
type PidStat struct {
	PID   int32
	Comm  string // the command name, at most 15 bytes, without parentheses
	State byte   // R, S, D, Z, T, ...
	// UTime and STime are clock ticks (USER_HZ, 100 on Linux) spent in user
	// and kernel mode.
	UTime, STime uint64
	// StartTime is clock ticks after boot when the process started; with
	// PID it tells a process from a later one that reuses its PID.
	StartTime uint64
	RSSPages  int64
}

// ParsePidStat parses one /proc/[pid]/stat line. The command name may hold
// spaces and parentheses, so it is taken between the first '(' and the last
// ')'.
func ParsePidStat(b []byte) (PidStat, error) {
	var p PidStat
	open := bytes.IndexByte(b, '(')
	closing := bytes.LastIndexByte(b, ')')
	if open < 1 || closing < open {
		return p, fmt.Errorf("pid stat: no command name in %q", truncate(b))
	}
	pid, err := strconv.ParseInt(string(bytes.TrimSpace(b[:open])), 10, 32)
	if err != nil {
		return p, fmt.Errorf("pid stat: bad pid: %w", err)
	}
	p.PID = int32(pid)
	p.Comm = string(b[open+1 : closing])
	// Fields after the name, numbered as in proc(5) from field 3 (state).
	var fields [22][]byte
	n := afterName(b[closing+1:], &fields)
	if n < 22 {
		return p, fmt.Errorf("pid stat %d: %d fields after the name, want at least 22", pid, n)
	}
	rest := fields[:]
	if len(rest[0]) != 1 {
		return p, fmt.Errorf("pid stat %d: bad state %q", pid, rest[0])
	}
	p.State = rest[0][0]
	num := func(field int) (uint64, error) {
		v, err := strconv.ParseUint(string(rest[field-3]), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("pid stat %d: field %d: %w", pid, field, err)
		}
		return v, nil
	}
	if p.UTime, err = num(14); err != nil {
		return p, err
	}
	if p.STime, err = num(15); err != nil {
		return p, err
	}
	if p.StartTime, err = num(22); err != nil {
		return p, err
	}
	rss, err := strconv.ParseInt(string(rest[24-3]), 10, 64)
	if err != nil {
		return p, fmt.Errorf("pid stat %d: field 24: %w", pid, err)
	}
	p.RSSPages = rss
	return p, nil
}

// afterName puts the first 22 whitespace-separated fields of b in f and
// returns how many there were (up to 22), as bytes.Fields would split them
// but without allocating: this runs for every process at every poll.
func afterName(b []byte, f *[22][]byte) int {
	n := 0
	for i := 0; i < len(b) && n < len(f); {
		for i < len(b) && asciiSpace(b[i]) {
			i++
		}
		j := i
		for j < len(b) && !asciiSpace(b[j]) {
			if b[j] >= 0x80 { // not ASCII: let bytes.Fields decide what a space is
				return copy(f[:], bytes.Fields(b))
			}
			j++
		}
		if j > i {
			f[n] = b[i:j]
			n++
		}
		i = j
	}
	return n
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func truncate(b []byte) []byte {
	if len(b) > 64 {
		return b[:64]
	}
	return b
}
