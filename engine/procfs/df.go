package procfs

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
)

// DfEntry is one filesystem of `df -P -T -k` output. Sizes are bytes.
type DfEntry struct {
	Device, FSType, Mount string
	// Total, Used and Avail are the 1024-blocks, Used and Available
	// columns. Avail counts what unprivileged users may still write, so
	// Used + Avail may be less than Total (reserved blocks).
	Total, Used, Avail uint64
}

// Percent is used / (used + available) in percent, as df's Capacity
// column (unrounded).
func (e DfEntry) Percent() float64 {
	if e.Used+e.Avail == 0 {
		return 0
	}
	return float64(e.Used) / float64(e.Used+e.Avail) * 100
}

// ParseDf parses the output of `df -P -T -k` (POSIX format with a type
// column, 1 KiB blocks):
//
//	Filesystem Type 1024-blocks Used Available Capacity Mounted on
//	/dev/vda   ext4   264212084 13889684 81611580 15% /
//
// The header line is skipped wherever it starts with "Filesystem". Mount
// points may contain spaces; they are everything after the Capacity
// column. A device name with spaces is found by locating the four number
// columns. Filesystems df could not read are not printed by df at all.
func ParseDf(b []byte) ([]DfEntry, error) {
	var out []DfEntry
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		l := sc.Bytes()
		if len(bytes.TrimSpace(l)) == 0 || (line == 1 && bytes.HasPrefix(l, []byte("Filesystem"))) {
			continue
		}
		e, err := parseDfLine(l)
		if err != nil {
			return out, fmt.Errorf("df line %d: %w", line, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("df: %w", err)
	}
	return out, nil
}

type span struct{ start, end int }

func fieldSpans(l []byte) []span {
	var sp []span
	in := false
	for i, c := range l {
		ws := c == ' ' || c == '\t'
		switch {
		case !ws && !in:
			sp = append(sp, span{start: i})
			in = true
		case ws && in:
			sp[len(sp)-1].end = i
			in = false
		}
	}
	if in {
		sp[len(sp)-1].end = len(l)
	}
	return sp
}

func parseDfLine(l []byte) (DfEntry, error) {
	var e DfEntry
	sp := fieldSpans(l)
	field := func(i int) []byte { return l[sp[i].start:sp[i].end] }
	// Find i such that fields i..i+2 are numbers and i+3 is "N%" or "-":
	// fields before i-1 are the device, i-1 the type, after i+3 the mount.
	for i := 2; i+4 < len(sp); i++ {
		var nums [3]uint64
		ok := true
		for j := range nums {
			v, err := strconv.ParseUint(string(field(i+j)), 10, 64)
			if err != nil || v > (1<<64-1)/1024 {
				ok = false
				break
			}
			nums[j] = v * 1024
		}
		if !ok || !isCapacity(field(i+3)) {
			continue
		}
		e.Device = string(l[sp[0].start:sp[i-2].end])
		e.FSType = string(field(i - 1))
		e.Total, e.Used, e.Avail = nums[0], nums[1], nums[2]
		e.Mount = string(l[sp[i+4].start:sp[len(sp)-1].end])
		return e, nil
	}
	return e, fmt.Errorf("want 'device type blocks used available capacity mount', got %q", truncate(l))
}

func isCapacity(f []byte) bool {
	if len(f) == 1 && f[0] == '-' {
		return true
	}
	return len(f) >= 2 && f[len(f)-1] == '%' && isDigits(string(f[:len(f)-1]))
}
