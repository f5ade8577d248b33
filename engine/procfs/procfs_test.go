package procfs

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// parsers maps a fixture's prefix (the file name before the first dot) to
// its parser.
var parsers = map[string]func([]byte) (any, error){
	"stat":      func(b []byte) (any, error) { return ParseStat(b) },
	"meminfo":   func(b []byte) (any, error) { return ParseMeminfo(b) },
	"loadavg":   func(b []byte) (any, error) { return ParseLoadavg(b) },
	"netdev":    func(b []byte) (any, error) { return ParseNetDev(b) },
	"diskstats": func(b []byte) (any, error) { return ParseDiskstats(b) },
	"uptime":    func(b []byte) (any, error) { return ParseUptime(b) },
	"df":        func(b []byte) (any, error) { return ParseDf(b) },
	"pidstat":   func(b []byte) (any, error) { return ParsePidStat(b) },
}

// TestGolden parses every fixture under testdata/ and compares the result
// with testdata/golden/NAME.json (go test -update rewrites them).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			kind, _, _ := strings.Cut(name, ".")
			parse, ok := parsers[kind]
			if !ok {
				t.Fatalf("no parser for fixture kind %q", kind)
			}
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			v, err := parse(in)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			got, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", name, golden, got)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, kind, in, want string
	}{
		{"stat without cpu line", "stat", "intr 1 2 3\nbtime 5\n", "no cpu line"},
		{"stat short cpu line", "stat", "cpu 1 2 3\n", "want at least 4"},
		{"stat bad number", "stat", "cpu 1 2 x 4\n", "column 3"},
		{"stat btime without value", "stat", "cpu 1 2 3 4\nbtime\n", "btime has no value"},
		{"meminfo empty", "meminfo", "", "no MemTotal"},
		{"meminfo no colon", "meminfo", "MemTotal 5 kB\n", "no colon"},
		{"meminfo unit", "meminfo", "MemTotal: 5 MB\n", "unknown unit"},
		{"meminfo overflow", "meminfo", "MemTotal: 18446744073709551615 kB\n", "out of range"},
		{"meminfo garbage value", "meminfo", "MemTotal: lots kB\n", "MemTotal"},
		{"loadavg short", "loadavg", "0.1 0.2\n", "want at least 3"},
		{"loadavg negative", "loadavg", "-1 0.2 0.3 1/2 3\n", "bad load"},
		{"loadavg nan", "loadavg", "NaN 0.2 0.3 1/2 3\n", "bad load"},
		{"loadavg no slash", "loadavg", "0.1 0.2 0.3 12 3\n", "running/total"},
		{"netdev short", "netdev", "h1\nh2\n eth0: 1 2 3\n", "want 16"},
		{"netdev no colon", "netdev", "h1\nh2\n eth0 1 2 3\n", "no colon"},
		{"netdev bad counter", "netdev", "h1\nh2\n eth0: 1 2 3 4 5 6 7 8 x 10 11 12 13 14 15 16\n", "counter 9"},
		{"netdev empty name", "netdev", "h1\nh2\n : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", "empty interface"},
		{"diskstats short", "diskstats", "8 0 sda 1 2 3\n", "want at least 13"},
		{"diskstats bad major", "diskstats", "99999999999 0 sda 1 2 3 4 5 6 7 8 9 10\n", "out of range"},
		{"uptime empty", "uptime", "\n", "empty"},
		{"uptime garbage", "uptime", "up 3 days\n", "bad number"},
		{"df garbage", "df", "Filesystem Type\nnonsense line here\n", "want 'device type"},
		{"df no capacity", "df", "/dev/sda1 ext4 10 5 5 50 /\n", "want 'device type"},
		{"pidstat no name", "pidstat", "12 S 1 2\n", "no command name"},
		{"pidstat short", "pidstat", "12 (x) S 1 2\n", "want at least 22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsers[tt.kind]([]byte(tt.in))
			if err == nil {
				t.Fatalf("no error, want one containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestMeminfoDerived(t *testing.T) {
	tests := []struct {
		name                           string
		in                             string
		total, avail, cached, swapUsed uint64
	}{
		{"with MemAvailable", "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\nCached: 300 kB\nSReclaimable: 50 kB\nSwapTotal: 200 kB\nSwapFree: 150 kB\n",
			1000 << 10, 600 << 10, 350 << 10, 50 << 10},
		{"old kernel estimate", "MemTotal: 1000 kB\nMemFree: 100 kB\nCached: 300 kB\nSReclaimable: 50 kB\n",
			1000 << 10, 450 << 10, 350 << 10, 0},
		{"available above total is capped", "MemTotal: 10 kB\nMemAvailable: 20 kB\nSwapTotal: 5 kB\nSwapFree: 9 kB\n",
			10 << 10, 10 << 10, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMeminfo([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if m.Total() != tt.total || m.Available() != tt.avail || m.Cached() != tt.cached || m.SwapUsed() != tt.swapUsed {
				t.Errorf("total %d avail %d cached %d swap used %d, want %d %d %d %d",
					m.Total(), m.Available(), m.Cached(), m.SwapUsed(), tt.total, tt.avail, tt.cached, tt.swapUsed)
			}
		})
	}
}

func TestDfPercent(t *testing.T) {
	tests := []struct {
		name string
		e    DfEntry
		want float64
	}{
		{"empty", DfEntry{}, 0},
		{"half", DfEntry{Used: 50, Avail: 50, Total: 110}, 50},
		{"reserved blocks", DfEntry{Used: 95, Avail: 0, Total: 100}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Percent(); got != tt.want {
				t.Errorf("Percent() = %g, want %g", got, tt.want)
			}
		})
	}
}
