package units

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"lookout/entity"
	"lookout/internal/bounded"
)

// DefaultTimeout bounds one local systemctl run.
const DefaultTimeout = 5 * time.Second

// ErrNoSystemd is wrapped by Read's error when systemctl runs but systemd
// is not the init system ("System has not been booted with systemd"), or
// systemctl is not installed.
var ErrNoSystemd = errors.New("systemd is not running")

// Report is one reading of a host's units.
type Report struct {
	// Listed holds the listed units in the order asked, each found or
	// not (LoadState "not-found").
	Listed []entity.UnitStat `json:"listed,omitempty"`
	// Failed holds every unit systemd counts as failed.
	Failed []entity.UnitStat `json:"failed"`
}

// Names completes and checks configured unit names (see Name), keeping the
// first of duplicates; an invalid name is an error naming it.
func Names(units []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, u := range units {
		n, ok := Name(u)
		if !ok {
			return nil, fmt.Errorf("units: %q is not a systemd unit name", clean(u))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	if len(out) > MaxUnits {
		return nil, fmt.Errorf("units: %d listed, at most %d", len(out), MaxUnits)
	}
	return out, nil
}

// ShowArgs is the systemctl command line that shows the listed units.
func ShowArgs(names []string) []string {
	return append([]string{"show", "--no-pager", "-p", ShowProperties, "--"}, names...)
}

// FailedArgs is the systemctl command line that lists the failed units.
var FailedArgs = []string{"list-units", "--failed", "--plain", "--no-legend", "--no-pager", "--full"}

// Read runs the local systemctl (from PATH) for the listed units and the
// failed ones, each run bounded by timeout (DefaultTimeout when 0) and its
// output by MaxOutput.
func Read(ctx context.Context, units []string, timeout time.Duration) (Report, error) {
	names, err := Names(units)
	if err != nil {
		return Report{}, err
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	var r Report
	if len(names) > 0 {
		out, err := systemctl(ctx, timeout, ShowArgs(names))
		if err != nil {
			return r, err
		}
		if r.Listed, err = ParseShow(out); err != nil {
			return r, err
		}
	}
	out, err := systemctl(ctx, timeout, FailedArgs)
	if err != nil {
		return r, err
	}
	r.Failed, err = ParseFailed(out)
	return r, err
}

func systemctl(ctx context.Context, timeout time.Duration, args []string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	path, err := exec.LookPath("systemctl")
	if err != nil {
		return nil, fmt.Errorf("units: %w: %w", ErrNoSystemd, err)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = []string{"LC_ALL=C", "SYSTEMD_COLORS=0", "SYSTEMD_PAGER=", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"}
	stdout, stderr := bounded.Buffer{Max: MaxOutput}, bounded.Buffer{Max: 4096}
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if stdout.Over() {
		return nil, fmt.Errorf("units: systemctl %s: output longer than %d bytes", args[0], MaxOutput)
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if NoSystemd([]byte(msg)) {
			return nil, fmt.Errorf("units: %w: %s", ErrNoSystemd, clean(firstLine(msg)))
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("units: systemctl %s: %w", args[0], ctx.Err())
		}
		return nil, fmt.Errorf("units: systemctl %s: %w: %s", args[0], err, clean(firstLine(msg)))
	}
	return stdout.Bytes(), nil
}

// NoSystemd reports whether systemctl's message says systemd is not the
// init system, or its manager cannot be reached.
func NoSystemd(msg []byte) bool {
	return bytes.Contains(msg, []byte("has not been booted with systemd")) ||
		bytes.Contains(msg, []byte("Failed to connect to bus"))
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
