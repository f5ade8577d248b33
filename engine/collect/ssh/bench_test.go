package ssh

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"lookout/internal/sshdtest"
)

// BenchmarkFleetPoll polls a fleet of SSH hosts once per iteration, all in
// parallel as the sampler does. Each host is its own Collector with its
// own persistent connection; the connections are spread over a few
// loopback sshd processes (LOOKOUT_BENCH_HOSTS hosts, default 100, over
// LOOKOUT_BENCH_SSHD servers, default 10). Reported per round: wall time;
// per host-poll: the client's CPU (getrusage of this process) and the CPU
// of the sshd side (the sshd processes and the shells they ran, from
// /proc/PID/stat utime+stime+cutime+cstime), and of that the part of the
// remote commands alone (everything but the sshd processes: the reader's
// shell and awk, or Script's shell, grep and df).
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
	serverBefore, cmdsBefore := ticks(pids)
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
	procs := countProcs()
	serverAfter, cmdsAfter := ticks(pids)
	polls := float64(len(walls) * hosts)
	client := cpu(ru1) - cpu(ru0)
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	b.ReportMetric(float64(walls[len(walls)/2].Microseconds())/1000, "ms/round(median)")
	b.ReportMetric(float64(client.Microseconds())/1000/polls, "client-cpu-ms/poll")
	b.ReportMetric(float64(serverAfter-serverBefore)*10/polls, "sshd-cpu-ms/poll")
	b.ReportMetric(float64(procs), "server-processes")
	b.ReportMetric(float64(cmdsAfter-cmdsBefore)*10/polls, "remote-cmd-cpu-ms/poll")
}

func cpu(r syscall.Rusage) time.Duration {
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// ticks sums utime, stime, cutime and cstime (clock ticks, 100 per second)
// of the processes, and of those not named sshd.
func ticks(pids []int) (sum, cmds int64) {
	for _, p := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/stat")
		if err != nil {
			continue
		}
		i := strings.LastIndexByte(string(b), ')')
		sshd := strings.Contains(string(b[:i]), "(sshd")
		f := strings.Fields(string(b[i+1:]))
		for _, k := range []int{14, 15, 16, 17} { // proc(5) field numbers
			v, _ := strconv.ParseInt(f[k-3], 10, 64)
			sum += v
			if !sshd {
				cmds += v
			}
		}
	}
	return sum, cmds
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkReaderLocal runs ReaderProgram on this machine without SSH and
// asks it for one poll per iteration. Reported: the CPU of the reader's
// processes (shell, loop, awk; from /proc/PID/stat) per poll, and the
// bytes of one reply. It isolates the remote command's share of
// BenchmarkFleetPoll's sshd-cpu-ms/poll.
func BenchmarkReaderLocal(b *testing.B) {
	cmd := exec.Command("/bin/sh")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	sh := &shell{stdin: stdin, out: bufio.NewReaderSize(stdout, 64<<10)}
	if f := os.Getenv("LOOKOUT_READER_FILE"); f != "" { // trying variants
		prog, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := stdin.Write(prog); err != nil {
			b.Fatal(err)
		}
		if _, err := readLine(sh.out, 1<<20); err != nil {
			b.Fatal(err)
		}
	} else if err := sh.startReader(); err != nil {
		b.Fatal(err)
	}
	if _, err := sh.exec(requestPollDf, 16<<20); err != nil {
		b.Fatal(err)
	}
	pids := append([]int{cmd.Process.Pid}, sshdtest.Descendants(cmd.Process.Pid)...)
	before, _ := ticks(pids)
	size := 0
	b.ResetTimer()
	for b.Loop() {
		out, err := sh.exec(requestPoll, 16<<20)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.StopTimer()
	after, _ := ticks(pids)
	b.ReportMetric(float64(after-before)*10/float64(b.N), "reader-cpu-ms/poll")
	b.ReportMetric(float64(size), "bytes/reply")
	b.ReportMetric(float64(countProcs()), "server-processes")
}

// BenchmarkLoginStorm starts LOOKOUT_STORM_HOSTS hosts (default 50; names
// for a few loopback sshd) whose login shell's .bashrc takes a second
// (sleep 1; LOOKOUT_STORM_RC=cpu burns about a second of CPU instead, as
// pyenv init does), polled every 2 s with a 2 s deadline as the sampler does
// (the next poll at the next tick after the previous one ended), with the
// default login bound (8) and login deadline (20 s), for
// LOOKOUT_STORM_SECONDS (default 30). Reported: hosts that came up,
// seconds until the last did, the share of 2 s ticks without a snapshot
// (polls lost: logins included), the most login shells on the servers at
// once, and the processes of those sessions left 3 s after polling
// stopped. One iteration is one storm.
func BenchmarkLoginStorm(b *testing.B) {
	hosts := envInt("LOOKOUT_STORM_HOSTS", 50)
	run := time.Duration(envInt("LOOKOUT_STORM_SECONDS", 30)) * time.Second
	const interval = 2 * time.Second
	rc := "sleep 1"
	if os.Getenv("LOOKOUT_STORM_RC") == "cpu" {
		rc = "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"
	}
	for b.Loop() {
		cfg, mark := session(b, rc, "")
		var ds []*sshd
		for range 5 {
			ds = append(ds, startSSHD(b, cfg))
		}
		logins := NewLogins(8)
		var cols []*Collector
		for i := range hosts {
			o := trusted(ds[i%len(ds)], b, "storm"+strconv.Itoa(i))
			o.Log, o.Logins = discardLog(), logins
			c, err := New(o)
			if err != nil {
				b.Fatal(err)
			}
			cols = append(cols, c)
		}
		ctx, stop := context.WithTimeout(context.Background(), run)
		start := time.Now()
		var mu sync.Mutex
		ok, up := 0, map[int]time.Duration{}
		var wg sync.WaitGroup
		for i, c := range cols {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					t0 := time.Now()
					pctx, cancel := context.WithTimeout(ctx, interval)
					_, err := c.Collect(pctx)
					cancel()
					if err == nil && ctx.Err() == nil {
						mu.Lock()
						ok++
						if _, seen := up[i]; !seen {
							up[i] = time.Since(start)
						}
						mu.Unlock()
					}
					next := t0.Add(interval)
					for !next.After(time.Now()) {
						next = next.Add(interval)
					}
					select {
					case <-ctx.Done():
					case <-time.After(time.Until(next)):
					}
				}
			}()
		}
		most := 0
		for ctx.Err() == nil {
			shells := 0
			for _, p := range marked(mark) {
				if strings.Contains(p, "bash") {
					shells++
				}
			}
			most = max(most, shells)
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
		wg.Wait()
		stop()
		for _, c := range cols {
			c.Close()
		}
		time.Sleep(3 * time.Second)
		left := len(marked(mark))
		var last time.Duration
		for _, d := range up {
			last = max(last, d)
		}
		ticks := hosts * int(run/interval)
		b.ReportMetric(float64(len(up)), "hosts-up")
		b.ReportMetric(last.Seconds(), "s-until-all-up")
		b.ReportMetric(100*float64(ticks-ok)/float64(ticks), "%-polls-lost")
		b.ReportMetric(float64(most), "login-shells-at-once")
		b.ReportMetric(float64(left), "left-after-3s")
		for _, d := range ds {
			d.Stop()
		}
	}
}

// countProcs returns how many processes this machine (every loopback
// "server" of the benchmarks) has: the remote side reads each one's
// /proc/PID/stat at every poll.
func countProcs() int {
	ents, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err == nil {
			n++
		}
	}
	return n
}

// BenchmarkClientParseBuild is the client's work on one reply of the
// reader run on this machine: ParseOutput and Builder.Build (rates,
// process table), without the SSH transport.
func BenchmarkClientParseBuild(b *testing.B) {
	cmd := exec.Command("/bin/sh")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	sh := &shell{stdin: stdin, out: bufio.NewReader(stdout)}
	if err := sh.startReader(); err != nil {
		b.Fatal(err)
	}
	reply, err := sh.exec(requestPollDf, 16<<20)
	stdin.Close()
	cmd.Wait()
	if err != nil {
		b.Fatal(err)
	}
	bld := NewBuilder("self", Filter{TopN: 5, IgnoreIfaces: []string{"lo"}})
	now := time.Now()
	b.ResetTimer()
	for b.Loop() {
		o, err := ParseOutput(reply)
		if err != nil {
			b.Fatal(err)
		}
		now = now.Add(2 * time.Second)
		bld.Build(o, now)
	}
	b.ReportMetric(float64(len(reply)), "bytes/reply")
}
