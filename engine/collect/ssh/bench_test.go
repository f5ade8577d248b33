package ssh

import (
	"context"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkFleetPoll polls a fleet of SSH hosts once per iteration, all in
// parallel as the sampler does. Each host is its own Collector with its
// own persistent connection; the connections are spread over a few
// loopback sshd processes (LOOKOUT_BENCH_HOSTS hosts, default 100, over
// LOOKOUT_BENCH_SSHD servers, default 10). Reported per round: wall time;
// per host-poll: the client's CPU (getrusage of this process) and the CPU
// of the sshd side (the sshd processes and the shells they ran, from
// /proc/PID/stat utime+stime+cutime+cstime).
func BenchmarkFleetPoll(b *testing.B) {
	hosts := envInt("LOOKOUT_BENCH_HOSTS", 100)
	servers := envInt("LOOKOUT_BENCH_SSHD", 10)
	var ds []*sshd
	for range servers {
		ds = append(ds, startSSHD(b, ""))
	}
	var cols []*Collector
	for i := range hosts {
		d := ds[i%len(ds)]
		o := trusted(d, b, "host"+strconv.Itoa(i))
		o.Log = discardLog()
		o.DialTimeout = 2 * time.Minute // 100 logins at once on a small machine
		c, err := New(o)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		cols = append(cols, c)
	}
	round := func(timeout time.Duration) {
		var wg sync.WaitGroup
		errs := make(chan error, len(cols))
		for _, c := range cols {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				defer cancel()
				if _, err := c.Collect(ctx); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
	}
	start := time.Now()
	round(2 * time.Minute) // connect, trust-check, read the host facts, first counters
	b.Logf("%d hosts over %d sshd: connecting and first poll took %s", hosts, servers, time.Since(start).Round(time.Millisecond))

	var pids []int
	for _, d := range ds {
		pids = append(pids, d.Pids()...)
	}
	serverBefore := ticks(pids)
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	var walls []time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		round(10 * time.Second)
		walls = append(walls, time.Since(t0))
	}
	b.StopTimer()
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	serverAfter := ticks(pids)
	polls := float64(len(walls) * hosts)
	client := cpu(ru1) - cpu(ru0)
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	b.ReportMetric(float64(walls[len(walls)/2].Microseconds())/1000, "ms/round(median)")
	b.ReportMetric(float64(client.Microseconds())/1000/polls, "client-cpu-ms/poll")
	b.ReportMetric(float64(serverAfter-serverBefore)*10/polls, "sshd-cpu-ms/poll")
}

func cpu(r syscall.Rusage) time.Duration {
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// ticks sums utime, stime, cutime and cstime (clock ticks, 100 per second)
// of the processes.
func ticks(pids []int) int64 {
	var sum int64
	for _, p := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/stat")
		if err != nil {
			continue
		}
		i := strings.LastIndexByte(string(b), ')')
		f := strings.Fields(string(b[i+1:]))
		for _, k := range []int{14, 15, 16, 17} { // proc(5) field numbers
			v, _ := strconv.ParseInt(f[k-3], 10, 64)
			sum += v
		}
	}
	return sum
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
