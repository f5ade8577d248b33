package prom

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func parseFile(t *testing.T, name string) Families {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fams, err := ParseText(f)
	if err != nil {
		t.Fatal(err)
	}
	return fams
}

// TestSnapshotGolden maps two real node_exporter 1.5 scrapes, two seconds
// apart, onto a snapshot.
func TestSnapshotGolden(t *testing.T) {
	c := NewNodeExporter(Options{Host: "vm"})
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	first := c.Snapshot(parseFile(t, "node_exporter-1.prom"), at)
	if first.CPU.Percent != 0 || first.Net[0].RxBytesPerS != 0 {
		t.Errorf("first snapshot has rates: cpu %v", first.CPU.Percent)
	}
	if !first.RatesUnknown {
		t.Error("first snapshot not marked RatesUnknown: its zero rates would be stored")
	}
	// Counters that went backwards (node_exporter or the host restarted)
	// give no rate either.
	reset := NewNodeExporter(Options{Host: "vm"})
	reset.Snapshot(parseFile(t, "node_exporter-2.prom"), at)
	if s := reset.Snapshot(parseFile(t, "node_exporter-1.prom"), at.Add(2*time.Second)); !s.RatesUnknown {
		t.Error("snapshot after a counter reset not marked RatesUnknown")
	}
	got := c.Snapshot(parseFile(t, "node_exporter-2.prom"), at.Add(2*time.Second))
	b, _ := json.MarshalIndent(got, "", "  ")
	golden := filepath.Join("testdata", "node_exporter.golden.json")
	if *update {
		os.WriteFile(golden, b, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(want) {
		t.Errorf("snapshot differs from %s (go test -update):\n%s", golden, b)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		kind       entity.ErrorKind
	}{
		{"not metrics", "<html>hello</html>\n", 200, entity.KindProtocol},
		{"server error", "", 500, entity.KindProtocol},
		{"forbidden", "", 403, entity.KindAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			u := strings.Replace(srv.URL, "http://", "http://admin:s3cret@", 1) + "/metrics"
			_, err := NewNodeExporter(Options{Host: "x", URL: u}).Collect(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			if k := engine.KindOf(err); k != tt.kind {
				t.Errorf("kind %q, want %q (%v)", k, tt.kind, err)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the password leaks: %v", err)
			}
		})
	}
	_, err := NewNodeExporter(Options{Host: "x", URL: "http://127.0.0.1:1/metrics"}).Collect(context.Background())
	var pe *engine.PollError
	if !errors.As(err, &pe) || pe.Kind != entity.KindRefused {
		t.Errorf("closed port: %v, want a refused PollError", err)
	}
}

// TestRealNodeExporter polls Debian's prometheus-node-exporter on loopback.
func TestRealNodeExporter(t *testing.T) {
	addr := startNodeExporter(t)
	c := NewNodeExporter(Options{Host: "here", URL: "http://" + addr + "/metrics"})
	ctx := context.Background()
	if _, err := c.Collect(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	s, err := c.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Host != "here" || s.CPU.Cores != runtime.NumCPU() || len(s.CPU.PerCore) != runtime.NumCPU() {
		t.Errorf("cores %d (%d per core), want %d", s.CPU.Cores, len(s.CPU.PerCore), runtime.NumCPU())
	}
	if s.Mem.TotalBytes == 0 || s.Mem.Percent <= 0 || s.Mem.Percent > 100 {
		t.Errorf("memory %+v", s.Mem)
	}
	if s.UptimeS <= 0 || s.Load.Load1 < 0 {
		t.Errorf("uptime %v load %v", s.UptimeS, s.Load)
	}
	if len(s.Disks) == 0 {
		t.Errorf("no filesystems")
	}
	for _, d := range s.Disks {
		if d.Percent < 0 || d.Percent > 100 || d.TotalBytes == 0 {
			t.Errorf("filesystem %+v", d)
		}
	}
	if len(s.Errors) > 0 {
		t.Errorf("errors: %v", s.Errors)
	}
}
