//go:build !windows

package local

import (
	"bufio"
	"context"
	"errors"
	"maps"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"github.com/shirou/gopsutil/v4/disk"

	"lookout/internal/testenv"
)

// copyTree copies the fixture tree under testdata into a temporary
// directory that the test may change between two readings.
func copyTree(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk("testdata", func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata", p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func write(t *testing.T, root, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const gib = 1 << 30

func fixtureStatfs(hang chan struct{}) func(string) (disk.UsageStat, error) {
	return func(mount string) (disk.UsageStat, error) {
		switch mount {
		case "/":
			return disk.UsageStat{Total: 100 * gib, Used: 40 * gib, Free: 50 * gib}, nil
		case "/data":
			return disk.UsageStat{Total: 10 * gib, Used: 9 * gib, Free: 1 * gib}, nil
		case "/mnt/nfs":
			<-hang // a hung NFS server
			return disk.UsageStat{}, errors.New("stale")
		}
		return disk.UsageStat{}, os.ErrNotExist
	}
}

func TestCollectFixture(t *testing.T) {
	root := copyTree(t)
	hang := make(chan struct{})
	defer close(hang)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	c := New(Options{
		Host: "fixture", ProcRoot: filepath.Join(root, "proc"), SysRoot: filepath.Join(root, "sys"),
		Keywords: []string{"python"}, Required: []string{"postgres: writer", "nginx"},
		DiskTimeout: 50 * time.Millisecond, Statfs: fixtureStatfs(hang),
		Now: func() time.Time { return now },
	})
	first, err := c.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if first.CPU.Percent != 0 || len(first.Net) == 0 || first.Net[0].RxBytesPerS != 0 {
		t.Errorf("first reading has rates: cpu %v", first.CPU.Percent)
	}
	if !first.RatesUnknown {
		t.Error("first reading not marked RatesUnknown: its zero rates would be stored")
	}

	// Ten seconds later every counter has moved.
	now = now.Add(10 * time.Second)
	write(t, root, "proc/stat", "cpu  1600 0 700 9000 300 0 0 0 0 0\ncpu0 900 0 350 4500 150 0 0 0 0 0\ncpu1 700 0 350 4500 150 0 0 0 0 0\n")
	write(t, root, "proc/net/dev", `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 9000000    1000    0    0    0     0          0         0  9000000    1000    0    0    0     0       0          0
  eth0: 20000000   20000    0    0    0     0          0         0  3000000   10000    0    0    0     0       0          0
 wlan0:    1000      10    0    0    0     0          0         0     500       5    0    0    0     0       0          0
`)
	write(t, root, "proc/diskstats", `   8       0 sda 1000 0 210000 500 2000 0 400000 1000 0 1500 1500 0 0 0 0
   8       1 sda1 900 0 190000 450 1900 0 380000 900 0 1400 1400 0 0 0 0
   7       0 loop0 10 0 900100 1 0 0 0 0 0 1 1 0 0 0 0
 259       0 nvme0n1 100 0 20000 50 200 0 40000 100 0 150 150 0 0 0 0
 259       1 nvme0n1p1 100 0 20000 50 200 0 40000 100 0 150 150 0 0 0 0
`)
	write(t, root, "proc/100/stat", "100 (python3) S 1 100 100 0 -1 4194560 1000 0 0 0 900 200 0 0 20 0 1 0 1000 100000000 25000 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n")
	write(t, root, "proc/200/stat", "200 (postgres: writer) S 1 200 200 0 -1 4194560 1000 0 0 0 208 52 0 0 20 0 1 0 2000 400000000 100000 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n")

	s, err := c.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.RatesUnknown {
		t.Error("second reading marked RatesUnknown")
	}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 0.01 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	near("cpu", s.CPU.Percent, 40)
	near("cpu user", s.CPU.User, 30)
	near("cpu system", s.CPU.System, 10)
	near("cpu iowait", s.CPU.IOWait, 10)
	if s.CPU.Cores != 2 || len(s.CPU.PerCore) != 2 {
		t.Fatalf("cores %d per core %v", s.CPU.Cores, s.CPU.PerCore)
	}
	near("core 0", s.CPU.PerCore[0], 500.0/1100*100) // busy 400 user + 100 system of 1100 ticks
	if !strings.Contains(s.CPU.Model, "E5-2680") {
		t.Errorf("model %q", s.CPU.Model)
	}
	near("load1", s.Load.Load1, 0.5)
	near("load15", s.Load.Load15, 1.25)
	if s.Mem.TotalBytes != 8000000*1024 || s.Mem.AvailableBytes != 6000000*1024 {
		t.Errorf("mem %+v", s.Mem)
	}
	near("mem", s.Mem.Percent, 25)
	near("swap", s.Swap.Percent, 25)
	near("uptime", s.UptimeS, 123456.78)

	var mounts []string
	for _, d := range s.Disks {
		mounts = append(mounts, d.Mount)
	}
	if strings.Join(mounts, " ") != "/ /data" {
		t.Errorf("mounts %v, want / and /data (pseudo, snap, docker skipped; nfs hung)", mounts)
	}
	near("disk /", s.Disks[0].Percent, 40.0/90*100)
	if msg := s.Errors["disks"]; !strings.Contains(msg, "/mnt/nfs") || !strings.Contains(msg, "timed out") {
		t.Errorf("disks error %q, want the hung /mnt/nfs named", msg)
	}
	// sda read 10000 more sectors; its partition and loop0 are not counted.
	near("disk read", s.DiskIO.ReadBytesPerS, 10000*512/10)

	if len(s.Net) != 2 || s.Net[0].Iface != "eth0" {
		t.Fatalf("net %+v, want eth0 and wlan0 (lo skipped)", s.Net)
	}
	near("eth0 rx", s.Net[0].RxBytesPerS, 1e6)
	near("eth0 tx", s.Net[0].TxBytesPerS, 1e5)

	if len(s.Temps) != 1 || s.Temps[0].Celsius != 52 {
		t.Errorf("temps %+v", s.Temps)
	}

	if s.Procs.Total != 3 {
		t.Errorf("processes %d, want 3 (zombie skipped)", s.Procs.Total)
	}
	if top := s.Procs.TopCPU[0]; top.Name != "python3" || math.Abs(top.CPUPercent-50) > 0.01 || top.RSSBytes != 25000*uint64(os.Getpagesize()) {
		t.Errorf("top cpu %+v, want python3 at 50 %%", top)
	}
	if top := s.Procs.TopMem[0]; top.Name != "postgres: writer" {
		t.Errorf("top mem %+v", top)
	}
	if s.Procs.Counts["python"] != 2 {
		t.Errorf("python count %d, want 2", s.Procs.Counts["python"])
	}
	if strings.Join(s.Procs.Missing, ",") != "nginx" {
		t.Errorf("missing %v, want nginx", s.Procs.Missing)
	}
}

// TestCollectPartialFailure: a /proc without meminfo still gives CPU and
// load, with the memory error beside them.
func TestCollectPartialFailure(t *testing.T) {
	root := copyTree(t)
	os.Remove(filepath.Join(root, "proc/meminfo"))
	c := New(Options{Host: "x", ProcRoot: filepath.Join(root, "proc"), SysRoot: filepath.Join(root, "sys"),
		Statfs: fixtureStatfs(nil), Mounts: []string{"/"}})
	s, err := c.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Errors["mem"] == "" {
		t.Error("no mem error")
	}
	if s.Load.Load1 != 0.5 || s.CPU.Cores != 2 || len(s.Disks) != 1 {
		t.Errorf("other parts missing: %+v", s)
	}
}

// TestCollectLive checks a snapshot of this machine against its own /proc.
func TestCollectLive(t *testing.T) {
	c := New(Options{})
	if _, err := c.Collect(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	s, err := c.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var memTotal uint64
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) >= 2 && fields[0] == "MemTotal:" {
			memTotal, _ = strconv.ParseUint(fields[1], 10, 64)
		}
	}
	if s.Mem.TotalBytes != memTotal*1024 {
		t.Errorf("MemTotal %d, /proc says %d kB", s.Mem.TotalBytes, memTotal)
	}
	stat, _ := os.ReadFile("/proc/stat")
	cores := 0
	for _, l := range strings.Split(string(stat), "\n") {
		if strings.HasPrefix(l, "cpu") && !strings.HasPrefix(l, "cpu ") {
			cores++
		}
	}
	if s.CPU.Cores != cores {
		t.Errorf("cores %d, /proc/stat has %d", s.CPU.Cores, cores)
	}
	if s.Procs.Total < 2 || len(s.Procs.TopCPU) == 0 {
		t.Errorf("process table: %+v", s.Procs)
	}
	if s.CPU.Percent < 0 || s.CPU.Percent > 100 {
		t.Errorf("cpu %v", s.CPU.Percent)
	}
	if len(s.Disks) == 0 && s.Errors["disks"] == "" {
		t.Error("no filesystems and no error")
	}
	_ = entity.Snapshot{}
}

// BenchmarkSnapshot measures one snapshot of this machine: without the
// process table (goal < 1 ms of CPU) and with it (goal < 10 ms with ~100
// processes).
func BenchmarkSnapshot(b *testing.B) {
	for _, bc := range []struct {
		name string
		topN int
	}{{"no-procs", -1}, {"with-procs", 5}} {
		b.Run(bc.name, func(b *testing.B) {
			c := New(Options{TopN: bc.topN, Keywords: []string{"python"}})
			ctx := context.Background()
			b.ReportAllocs()
			cpu := testenv.ProcessCPU()
			for b.Loop() {
				if _, err := c.Collect(ctx); err != nil {
					b.Fatal(err)
				}
			}
			testenv.ReportCPU(b, cpu)
		})
	}
}

func TestFirstMounts(t *testing.T) {
	parts := []disk.PartitionStat{
		{Device: "/dev/vda", Mountpoint: "/"},
		{Device: "tmpfs", Mountpoint: "/run"},
		{Device: "tmpfs", Mountpoint: "/dev/shm"},
		{Device: "/dev/vda", Mountpoint: "/var/lib/docker/data"},
		{Device: "/dev/vdb", Mountpoint: "/srv/data/bind"},
		{Device: "/dev/vdb", Mountpoint: "/srv"},
	}
	got := firstMounts(parts)
	want := map[string]string{"/dev/vda": "/", "/dev/vdb": "/srv"}
	if !maps.Equal(got, want) {
		t.Errorf("firstMounts = %v, want %v", got, want)
	}
}
