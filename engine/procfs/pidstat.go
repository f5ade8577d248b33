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
	rest := bytes.Fields(b[closing+1:])
	if len(rest) < 22 {
		return p, fmt.Errorf("pid stat %d: %d fields after the name, want at least 22", pid, len(rest))
	}
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

func truncate(b []byte) []byte {
	if len(b) > 64 {
		return b[:64]
	}
	return b
}
