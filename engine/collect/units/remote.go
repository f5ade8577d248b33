package units

import (
	"bytes"
	"fmt"
	"strings"
)

// Markers split RemoteCommand's output into its parts.
const (
	showMarker   = "@@lookout-units-show"
	failedMarker = "@@lookout-units-failed"
	noSDMarker   = "@@lookout-units-nosystemd"
)

// RemoteCommand is the shell command (POSIX sh) an SSH collector runs for
// the listed units: `systemctl show` of the listed units and `systemctl
// list-units --failed`, each part after a marker line, with stderr kept
// out of the parsed parts. The names are checked (Names) and quoted, so no
// configured text reaches the shell unquoted.
func RemoteCommand(units []string) (string, error) {
	names, err := Names(units)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("export LC_ALL=C SYSTEMD_COLORS=0 SYSTEMD_PAGER=; ")
	b.WriteString("if ! command -v systemctl >/dev/null 2>&1 || [ ! -d /run/systemd/system ]; then echo " + noSDMarker + "; exit 0; fi; ")
	if len(names) > 0 {
		b.WriteString("echo " + showMarker + "; systemctl " + strings.Join(ShowArgs(nil), " "))
		for _, n := range names {
			b.WriteString(" '" + n + "'")
		}
		b.WriteString(" 2>/dev/null; ")
	}
	b.WriteString("echo " + failedMarker + "; systemctl " + strings.Join(FailedArgs, " ") + " 2>/dev/null")
	return b.String(), nil
}

// ParseRemote parses the output of RemoteCommand. A host without systemd
// returns ErrNoSystemd.
func ParseRemote(out []byte) (Report, error) {
	var r Report
	if len(out) > MaxOutput {
		return r, fmt.Errorf("units: output longer than %d bytes", MaxOutput)
	}
	if bytes.HasPrefix(bytes.TrimSpace(out), []byte(noSDMarker)) {
		return r, fmt.Errorf("units: %w", ErrNoSystemd)
	}
	_, rest, ok := bytes.Cut(out, []byte(failedMarker+"\n"))
	if !ok {
		return r, fmt.Errorf("units: no %s line in the output", failedMarker)
	}
	head := out[:len(out)-len(rest)-len(failedMarker)-1]
	var err error
	if r.Failed, err = ParseFailed(rest); err != nil {
		return r, err
	}
	if _, show, ok := bytes.Cut(head, []byte(showMarker+"\n")); ok {
		if r.Listed, err = ParseShow(show); err != nil {
			return r, err
		}
	}
	return r, nil
}
