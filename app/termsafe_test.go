package app

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"lookout/entity"
	"lookout/internal/i18n"
)

// TestCLITablesEscapeHostStrings: process names, mount points, errors and
// missing processes a remote host reported are printed with their
// control characters visible, so no escape sequence reaches the terminal.
func TestCLITablesEscapeHostStrings(t *testing.T) {
	const evil = "x\x1b]0;pwned\x07\x1b[2J\u009b31m"
	snap := entity.Snapshot{Host: "web1", Time: time.Now(),
		Disks:  []entity.DiskStat{{Mount: "/mnt/" + evil, FSType: "ext4", Percent: 50}},
		Procs:  entity.ProcStats{Total: 1, TopCPU: []entity.ProcStat{{PID: 1, Name: "p" + evil}}, TopMem: []entity.ProcStat{{PID: 1, Name: "p" + evil}}},
		Errors: map[string]string{"sensors": "boom" + evil}}
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"snapshot", func(b *bytes.Buffer) error { return WriteTable(b, snap, i18n.EN) }},
		{"hosts", func(b *bytes.Buffer) error {
			return writeHosts(b, []HostCheck{{Name: "web1", Kind: "agent", Target: "https://web1:9100", State: entity.StateFailing,
				Error: "agent: " + evil, Missing: []string{"nginx" + evil}}}, i18n.EN)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if strings.ContainsAny(out, "\x1b\x07\u009b") {
				t.Errorf("raw control characters printed: %q", out)
			}
			if !strings.Contains(out, `\x1b]0;pwned\x07\x1b[2J\u009b31m`) {
				t.Errorf("the escaped name is missing:\n%s", out)
			}
		})
	}
}
