package procfs

import (
	"os"
	"path/filepath"
	"testing"
)

// addSeeds adds every fixture of one kind as a seed; go test runs the
// seeds (and testdata/fuzz/FuzzX/*) as ordinary tests, and go test
// -fuzz=FuzzX explores from them.
func addSeeds(f *testing.F, kind string) {
	files, _ := filepath.Glob(filepath.Join("testdata", kind+".*"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(""))
	f.Add([]byte("\n\n"))
}

func FuzzParseStat(f *testing.F) {
	addSeeds(f, "stat")
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseStat(b)
		if err == nil && s.Total.Name != "cpu" {
			t.Fatalf("parsed without a total line: %+v", s)
		}
	})
}

func FuzzParseMeminfo(f *testing.F) {
	addSeeds(f, "meminfo")
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMeminfo(b)
		if err == nil && m.Available() > m.Total() {
			t.Fatalf("available %d > total %d", m.Available(), m.Total())
		}
	})
}

func FuzzParseLoadavg(f *testing.F) {
	addSeeds(f, "loadavg")
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := ParseLoadavg(b)
		if err == nil && (l.Load1 < 0 || l.Load5 < 0 || l.Load15 < 0) {
			t.Fatalf("negative load %+v", l)
		}
	})
}

func FuzzParseNetDev(f *testing.F) {
	addSeeds(f, "netdev")
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := ParseNetDev(b)
		if err == nil {
			for _, d := range ds {
				if d.Iface == "" {
					t.Fatal("empty interface name accepted")
				}
			}
		}
	})
}

func FuzzParseDiskstats(f *testing.F) {
	addSeeds(f, "diskstats")
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = ParseDiskstats(b)
	})
}

func FuzzParseUptime(f *testing.F) {
	addSeeds(f, "uptime")
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := ParseUptime(b)
		if err == nil && u.Seconds < 0 {
			t.Fatalf("negative uptime %v", u.Seconds)
		}
	})
}

func FuzzParseDf(f *testing.F) {
	addSeeds(f, "df")
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := ParseDf(b)
		if err == nil {
			for _, e := range es {
				if p := e.Percent(); p < 0 || p > 100 {
					t.Fatalf("percent %g out of range", p)
				}
			}
		}
	})
}

func FuzzParsePidStat(f *testing.F) {
	addSeeds(f, "pidstat")
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = ParsePidStat(b)
	})
}
