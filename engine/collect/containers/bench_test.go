package containers

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuNow is this process's user+system CPU time.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procCPU is a process's user+system CPU time from /proc/PID/stat.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond // USER_HZ 100
}

func benchCollect(b *testing.B, col *Collector, want int, enginePID int) {
	ctx := context.Background()
	if got, err := col.Collect(ctx); err != nil || len(got) != want {
		b.Fatalf("Collect = %d containers, %v; want %d", len(got), err, want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	c0, e0 := cpuNow(), procCPU(enginePID)
	for i := 0; i < b.N; i++ {
		if _, err := col.Collect(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuNow()-c0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	if enginePID > 0 {
		b.ReportMetric(float64(procCPU(enginePID)-e0)/float64(time.Millisecond)/float64(b.N), "engine-cpu-ms/op")
	}
}

// BenchmarkCollectFake50 is Lookout's own cost of one poll of 50 running
// containers: a loopback engine answering with the captured dockerd JSON.
func BenchmarkCollectFake50(b *testing.B) {
	stats := fixture(b, "stats.docker20.net.json")
	inspect := fixture(b, "inspect.docker20.json")
	var ids []string
	var entries []string
	for i := 0; i < 50; i++ {
		id := fmt.Sprintf("%064x", i+1)
		ids = append(ids, id)
		entries = append(entries, fmt.Sprintf(`{"Id":"%s","Names":["/c%d"],"Image":"bb:test","State":"running","Status":"Up"}`, id, i))
	}
	body := []byte("[" + strings.Join(entries, ",") + "]")
	origStats := []byte(`"b6e0ff1b8288274506838c64cacf06e1943bde6df81247aebc74fa7562e5a8b4"`)
	origIns := []byte(`"6d11913d17102410491c834e1fdff30a462c7b0b5bb6a42ad27706769f5c4530"`)
	sock := fakeEngine(b, func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/version":
			w.Write([]byte(`{"Components":[{"Name":"Engine"}]}`))
		case p == "/containers/json":
			w.Write(body)
		case strings.HasSuffix(p, "/stats"):
			id := strings.TrimSuffix(strings.TrimPrefix(p, "/containers/"), "/stats")
			w.Write(bytes.Replace(stats, origStats, []byte(`"`+id+`"`), 1))
		case strings.HasSuffix(p, "/json"):
			id := strings.TrimSuffix(strings.TrimPrefix(p, "/containers/"), "/json")
			w.Write(bytes.Replace(inspect, origIns, []byte(`"`+id+`"`), 1))
		}
	})
	col := NewCollector(sock)
	defer col.Close()
	// The server shares this process: its CPU is counted too, so the figure
	// is an upper bound of the collector's own.
	benchCollect(b, col, len(ids), 0)
}

// BenchmarkCollectDocker50 polls a real dockerd running 50 containers.
func BenchmarkCollectDocker50(b *testing.B) {
	e := startDocker(b)
	img := "bb:test"
	e.run("import", rootfs(b), img)
	var names []string
	for i := 0; i < 50; i++ {
		n := fmt.Sprintf("c%d", i)
		e.run("create", "--name", n, img, "sleep", "100000")
		names = append(names, n)
	}
	e.run(append([]string{"start"}, names...)...)
	col := NewCollector(e.sock)
	defer col.Close()
	benchCollect(b, col, 50, e.pid)
}
