package procfs

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
)

// NetDev is one interface's line of /proc/net/dev: counters since the
// interface appeared.
type NetDev struct {
	Iface                                string
	RxBytes, RxPackets, RxErrors, RxDrop uint64
	TxBytes, TxPackets, TxErrors, TxDrop uint64
}

// ParseNetDev parses /proc/net/dev. The two header lines are skipped; each
// other line is "iface: 16 counters". The interface name may be glued to
// its first counter ("eth0:123") on old kernels.
func ParseNetDev(b []byte) ([]NetDev, error) {
	var out []NetDev
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		l := sc.Bytes()
		name, rest, ok := bytes.Cut(l, []byte(":"))
		if !ok {
			if line <= 2 || len(bytes.TrimSpace(l)) == 0 {
				continue // the headers
			}
			return out, fmt.Errorf("net/dev line %d: no colon in %q", line, truncate(l))
		}
		if bytes.Contains(name, []byte("|")) {
			continue // a header that happens to hold a colon
		}
		f := bytes.Fields(rest)
		if len(f) < 16 {
			return out, fmt.Errorf("net/dev line %d: %d counters, want 16", line, len(f))
		}
		var v [16]uint64
		for i := range v {
			n, err := strconv.ParseUint(string(f[i]), 10, 64)
			if err != nil {
				return out, fmt.Errorf("net/dev line %d: counter %d: %w", line, i+1, err)
			}
			v[i] = n
		}
		iface := string(bytes.TrimSpace(name))
		if iface == "" {
			return out, fmt.Errorf("net/dev line %d: empty interface name", line)
		}
		out = append(out, NetDev{Iface: iface,
			RxBytes: v[0], RxPackets: v[1], RxErrors: v[2], RxDrop: v[3],
			TxBytes: v[8], TxPackets: v[9], TxErrors: v[10], TxDrop: v[11]})
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("net/dev: %w", err)
	}
	return out, nil
}
