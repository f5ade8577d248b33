package units

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"lookout/entity"
	"lookout/internal/bounded"
)

// Bounds on what systemctl output may carry.
const (
	// MaxUnits is how many units one reading keeps (listed or failed).
	MaxUnits = 256
	// MaxValueLen is the longest property value or description kept, in
	// bytes.
	MaxValueLen = 256
	// MaxOutput is how much systemctl output is read.
	MaxOutput = 1 << 20
)

// ShowProperties are the properties ParseShow reads, for `systemctl show
// -p`.
const ShowProperties = "Id,LoadState,ActiveState,SubState,Result,Description"

// unitRE is systemd's unit name alphabet (unit_name_is_valid): a prefix of
// [A-Za-z0-9:_.\-] with an optional @instance, and a type suffix.
var unitRE = regexp.MustCompile(`^[A-Za-z0-9:_.\\-]+(@[A-Za-z0-9:_.\\-]*)?\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$`)

// Name returns the full unit name of a configured one: "nginx" becomes
// "nginx.service", as systemctl completes it. ok is false for a name
// systemd would refuse (and that must not reach a command line).
func Name(s string) (name string, ok bool) {
	if len(s) == 0 || len(s) > 255 {
		return "", false
	}
	if !unitRE.MatchString(s) {
		s += ".service"
	}
	if len(s) > 255 || !unitRE.MatchString(s) || strings.HasPrefix(s, "-") {
		return "", false
	}
	return s, true
}

// ParseShow parses `systemctl show -p ShowProperties UNIT...`: one block of
// Key=Value lines per unit, blocks separated by a blank line, properties in
// systemd's order (not -p's). A unit systemd does not know still has a
// block, with LoadState=not-found. Blocks without an Id are refused.
func ParseShow(b []byte) ([]entity.UnitStat, error) {
	var out []entity.UnitStat
	var cur entity.UnitStat
	inBlock := false
	flush := func(line int) error {
		if !inBlock {
			return nil
		}
		inBlock = false
		if _, ok := Name(cur.Name); !ok {
			return fmt.Errorf("systemctl show: block before line %d: Id %q is not a unit name", line, cur.Name)
		}
		if len(out) >= MaxUnits {
			return fmt.Errorf("systemctl show: more than %d units", MaxUnits)
		}
		out = append(out, cur)
		cur = entity.UnitStat{}
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		if l == "" {
			if err := flush(line); err != nil {
				return out, err
			}
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			return out, fmt.Errorf("systemctl show line %d: want Key=Value, got %q", line, clean(l))
		}
		inBlock = true
		v = clean(v)
		switch k {
		case "Id":
			cur.Name = v
		case "LoadState":
			cur.LoadState = word(v)
		case "ActiveState":
			cur.ActiveState = word(v)
		case "SubState":
			cur.SubState = word(v)
		case "Result":
			cur.Result = word(v)
		case "Description":
			cur.Description = v
		}
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("systemctl show: %w", err)
	}
	return out, flush(line + 1)
}

// ParseFailed parses `systemctl list-units --failed --plain --no-legend`:
//
//	bad.service    loaded failed failed Lookout test: fails
//
// UNIT LOAD ACTIVE SUB DESCRIPTION, aligned with spaces. The "●" systemctl
// prints before each unit without --plain is skipped. More than MaxUnits
// lines are cut, with an error.
func ParseFailed(b []byte) ([]entity.UnitStat, error) {
	var out []entity.UnitStat
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(l, "●"), "*"))
		if l == "" {
			continue
		}
		f := strings.Fields(l)
		if len(f) < 4 {
			return out, fmt.Errorf("systemctl list-units line %d: want UNIT LOAD ACTIVE SUB DESCRIPTION, got %q", line, clean(l))
		}
		if _, ok := Name(f[0]); !ok || !unitRE.MatchString(f[0]) {
			return out, fmt.Errorf("systemctl list-units line %d: %q is not a unit name", line, clean(f[0]))
		}
		if len(out) >= MaxUnits {
			return out, fmt.Errorf("systemctl list-units: more than %d failed units", MaxUnits)
		}
		out = append(out, entity.UnitStat{Name: f[0], LoadState: word(f[1]), ActiveState: word(f[2]), SubState: word(f[3]),
			Description: clean(strings.Join(f[4:], " "))})
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("systemctl list-units: %w", err)
	}
	return out, nil
}

// word keeps a state word of systemd's alphabet (lowercase letters and
// dashes, as "auto-restart") and maps anything else to "unknown".
func word(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > 32 {
		return "unknown"
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '-' {
			return "unknown"
		}
	}
	return s
}

// clean is s as a unit's value or a value in an error: bounded.Text.
func clean(s string) string { return bounded.Text(s, MaxValueLen) }
