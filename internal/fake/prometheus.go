package fake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Prometheus is a fake of Prometheus' instant-query API (/api/v1/query)
// for a fleet of N node_exporter instances, enough for Lookout's fleet
// reader (engine/collect/prom) and for measuring it: it does not evaluate
// PromQL, it answers each query with one sample per instance (per CPU,
// filesystem or interface when the query groups by them) named after the
// node_exporter metric the query reads. Replies are made once per query
// and then served from memory, so the fake's own cost in a benchmark is
// little more than the bytes it writes.
type Prometheus struct {
	Server *Base
	// N is the number of instances, named host-0001:9100, …
	N       int
	queries atomic.Int64
	mu      sync.Mutex
	cache   map[string][]byte
}

// NewPrometheus serves a fleet of n instances until the test ends.
func NewPrometheus(t testing.TB, n int) *Prometheus {
	f := &Prometheus{N: n, cache: map[string][]byte{}}
	f.Server = newBase(t, http.HandlerFunc(f.serve))
	return f
}

// URL is the server's base URL.
func (f *Prometheus) URL() string { return f.Server.URL() }

// Queries is how many queries were answered.
func (f *Prometheus) Queries() int64 { return f.queries.Load() }

// Distinct is how many different queries were asked: the queries of one
// round, once every one has been asked.
func (f *Prometheus) Distinct() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return int64(len(f.cache))
}

// Instance is the name of instance i (0-based).
func Instance(i int) string { return fmt.Sprintf("host-%04d:9100", i+1) }

func (f *Prometheus) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/v1/query" {
		http.Error(w, `{"status":"error","errorType":"bad_data","error":"not found"}`, http.StatusNotFound)
		return
	}
	q := r.FormValue("query")
	if q == "" {
		http.Error(w, `{"status":"error","errorType":"bad_data","error":"no query"}`, http.StatusBadRequest)
		return
	}
	f.queries.Add(1)
	f.mu.Lock()
	b, ok := f.cache[q]
	if !ok {
		b = f.answer(q)
		f.cache[q] = b
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

type sample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

// value is a plausible figure for the metric a query reads.
func value(q string) float64 {
	for _, m := range []struct {
		name string
		v    float64
	}{
		{"node_memory_MemTotal_bytes", 16e9}, {"node_memory_MemAvailable_bytes", 9e9},
		{"node_memory_Buffers_bytes", 2e9}, {"node_memory_SwapTotal_bytes", 2e9}, {"node_memory_SwapFree_bytes", 1.8e9},
		{"node_boot_time_seconds", 86400}, {"node_filesystem_size_bytes - node_filesystem_free_bytes", 55e9},
		{"node_filesystem_size_bytes", 100e9}, {"node_filesystem_avail_bytes", 40e9},
		{"count by", 4}, {"node_load1", 0.8}, {"node_load5", 0.7}, {"node_load15", 0.6},
		{"node_hwmon_temp_celsius", 48}, {"node_network", 1.5e5}, {"node_disk", 2e6}, {"node_cpu_seconds_total", 23},
	} {
		if strings.Contains(q, m.name) {
			return m.v
		}
	}
	return 1
}

func (f *Prometheus) answer(q string) []byte {
	now := float64(time.Now().Unix())
	var out []sample
	if !strings.Contains(q, "node_") {
		out = []sample{} // a lookout_* series: node_exporter has none
	}
	if strings.Contains(q, "node_") {
		v := fmt.Sprint(value(q))
		for i := range f.N {
			inst := Instance(i)
			add := func(extra map[string]string) {
				m := map[string]string{"instance": inst}
				for k, x := range extra {
					m[k] = x
				}
				out = append(out, sample{Metric: m, Value: [2]any{now, v}})
			}
			switch {
			case strings.Contains(q, "host, cpu)"):
				for c := range 4 {
					add(map[string]string{"cpu": fmt.Sprint(c)})
				}
			case strings.Contains(q, "mountpoint"):
				add(map[string]string{"mountpoint": "/", "device": "/dev/vda1", "fstype": "ext4"})
				add(map[string]string{"mountpoint": "/data", "device": "/dev/vdb1", "fstype": "xfs"})
			case strings.Contains(q, "host, device)"):
				add(map[string]string{"device": "eth0"})
			case strings.Contains(q, "chip, sensor"):
				add(map[string]string{"chip": "platform_coretemp_0", "sensor": "temp1"})
			default:
				add(nil)
			}
		}
	}
	b, _ := json.Marshal(map[string]any{"status": "success", "data": map[string]any{"resultType": "vector", "result": out}})
	return b
}
