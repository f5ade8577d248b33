package local

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/disk"
	"github.com/shirou/gopsutil/v4/mem"
	"github.com/shirou/gopsutil/v4/process"

	"lookout/engine"
	"lookout/entity"
)

// The Windows readings below are gopsutil's values as its Windows
// implementation returns them (JSON in testdata/windows), fed to the pure
// conversions on any platform: what Wine cannot show (per-core times,
// page files, drive types, other users' processes) is covered here.

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "windows", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestWindowsTimes(t *testing.T) {
	var readings []cpu.TimesStat
	readJSON(t, "cpu_times.json", &readings)
	d := engine.NewDeltas()
	if _, ok := d.CPU("cpu", windowsTimes(readings[0])); ok {
		t.Fatal("first reading has a rate")
	}
	p, ok := d.CPU("cpu", windowsTimes(readings[1]))
	if !ok {
		t.Fatal("second reading has no rate")
	}
	// 3 s user + 1 s kernel out of 10 s: 40 %. The interrupt second is
	// inside the kernel second, not another busy second (45 %).
	if !near(p.Busy, 40) || !near(p.User, 30) || !near(p.System, 10) {
		t.Errorf("busy %.2f user %.2f system %.2f, want 40 30 10", p.Busy, p.User, p.System)
	}
}

func TestSwapFromPageFiles(t *testing.T) {
	var files []*mem.SwapDevice
	readJSON(t, "pagefiles.json", &files)
	tests := []struct {
		name  string
		files []*mem.SwapDevice
		want  entity.SwapStat
	}{
		{"two page files", files, entity.SwapStat{TotalBytes: 4 << 30, UsedBytes: 512 << 20, Percent: 12.5}},
		{"no page file", nil, entity.SwapStat{}},
		{"a nil entry", []*mem.SwapDevice{nil, files[0]}, entity.SwapStat{TotalBytes: 2 << 30, UsedBytes: 512 << 20, Percent: 25}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := swapFromPageFiles(tt.files); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestFixedDrives(t *testing.T) {
	var fx struct {
		Partitions []disk.PartitionStat `json:"partitions"`
		DriveTypes map[string]uint32    `json:"drive_types"`
	}
	readJSON(t, "partitions.json", &fx)
	got := fixedDrives(fx.Partitions, func(m string) uint32 { return fx.DriveTypes[m] })
	var mounts []string
	for _, p := range got {
		mounts = append(mounts, p.Mountpoint)
	}
	// Not the removable E:, the optical F: nor the network share Z:.
	if want := []string{"C:", "D:", `C:\mnt\data\`}; !slices.Equal(mounts, want) {
		t.Errorf("mounts %q, want %q", mounts, want)
	}
}

func TestWindowsUsage(t *testing.T) {
	// 100 GiB drive, 30 GiB free, of which a quota leaves the user 20 GiB.
	const gib = 1 << 30
	u := windowsUsage("C:", 20*gib, 100*gib, 30*gib)
	if u.Total != 100*gib || u.Used != 70*gib || u.Free != 20*gib {
		t.Errorf("got %+v", u)
	}
	// The disk's percent as the collector computes it, df's way.
	if got := float64(u.Used) / float64(u.Used+u.Free) * 100; !near(got, 70.0/90*100) {
		t.Errorf("percent %.2f", got)
	}
}

func TestWindowsProcesses(t *testing.T) {
	type proc struct {
		PID     int32                   `json:"pid"`
		Name    string                  `json:"name"`
		Created int64                   `json:"created"`
		Times   *cpu.TimesStat          `json:"times"`
		Mem     *process.MemoryInfoStat `json:"mem"`
	}
	var readings [][]proc
	readJSON(t, "processes.json", &readings)
	c := New(Options{Host: "pc", TopN: 3, Keywords: []string{"CHROME", "svchost"},
		Required: []string{"Lookout.exe", "svchost.exe"}})
	c.memTotal = 8 << 30
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var s entity.Snapshot
	for i, r := range readings {
		var samples []procSample
		for _, p := range r {
			samples = append(samples, windowsSample(p.PID, p.Name, p.Created, p.Times, p.Mem))
		}
		s = entity.Snapshot{}
		c.summarize(&s, samples, start.Add(time.Duration(i)*2*time.Second))
	}
	if s.Procs.Total != 4 {
		t.Errorf("total %d, want 4 (System counts, with no figures)", s.Procs.Total)
	}
	top := s.Procs.TopCPU
	if len(top) == 0 || top[0].Name != "chrome.exe" || !near(top[0].CPUPercent, 150) {
		t.Fatalf("top CPU %+v, want chrome.exe at 150 %% (3 s in 2 s)", top)
	}
	for _, p := range top {
		// PID 5000 is a new process: Lookout.exe's times are not its own.
		if p.PID == 5000 && p.CPUPercent != 0 {
			t.Errorf("reused PID 5000 has %.1f %% from the process before it", p.CPUPercent)
		}
	}
	if m := s.Procs.TopMem[0]; m.Name != "chrome.exe" || m.RSSBytes != 600<<20 || !near(m.MemPercent, 600.0/8192*100) {
		t.Errorf("top memory %+v", m)
	}
	if s.Procs.Counts["CHROME"] != 1 || s.Procs.Counts["svchost"] != 1 {
		t.Errorf("counts %v", s.Procs.Counts)
	}
	if !slices.Equal(s.Procs.Missing, []string{"Lookout.exe"}) {
		t.Errorf("missing %v, want [Lookout.exe]", s.Procs.Missing)
	}
}
