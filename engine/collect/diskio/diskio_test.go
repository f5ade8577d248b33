package diskio

import (
	"math"
	"os"
	"testing"
	"time"

	"lookout/engine/procfs"
)

func read(t *testing.T, name string) []procfs.Diskstat {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	d, err := procfs.ParseDiskstats(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestWholeDisk(t *testing.T) {
	for name, want := range map[string]bool{
		"sda": true, "vda": true, "nvme0n1": true, "mmcblk0": true, "xvdb": true,
		"sda1": false, "nvme0n1p2": false, "mmcblk0p1": false, "loop3": false, "dm-0": false, "zram0": false, "md127": false, "": false,
	} {
		if got := WholeDisk(name); got != want {
			t.Errorf("WholeDisk(%q) = %v, want %v", name, got, want)
		}
	}
}

// The fixtures are /proc/diskstats of the build machine 776 ms apart,
// with a 64 MiB direct write and read of a file on vda in between.
func TestRatesFixture(t *testing.T) {
	got, ok := Rates(read(t, "diskstats.t0"), read(t, "diskstats.t1"), 776*time.Millisecond)
	if !ok || len(got) != 1 || got[0].Device != "vda" {
		t.Fatalf("Rates = %+v, %v; want vda only (loop and zram are not disks)", got, ok)
	}
	d := got[0]
	near := func(name string, got, want float64) {
		if math.Abs(got-want) > want*1e-6 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	near("read", d.ReadBytesPerS, (8161362-7984410)*512/0.776)
	near("write", d.WriteBytesPerS, (42359928-42227936)*512/0.776)
	near("reads", d.ReadsPerS, (174936-174586)/0.776)
	near("writes", d.WritesPerS, (228896-228658)/0.776)
	near("util", d.UtilPercent, (189588-189364)/776.0*100)
	if d.WriteBytesPerS < 64<<20 { // the 64 MiB written in under a second
		t.Errorf("write rate %v below the 64 MiB written", d.WriteBytesPerS)
	}
}

func TestRates(t *testing.T) {
	p := []procfs.Diskstat{{Name: "sda", ReadSectors: 100, WriteSectors: 100, IOTicks: 100}, {Name: "sdb", ReadSectors: 50}}
	tests := []struct {
		name string
		cur  []procfs.Diskstat
		dt   time.Duration
		want int
		util float64
	}{
		{"busy all along", []procfs.Diskstat{{Name: "sda", ReadSectors: 300, WriteSectors: 100, IOTicks: 1100}}, time.Second, 1, 100},
		{"ticks beyond the interval capped", []procfs.Diskstat{{Name: "sda", ReadSectors: 300, WriteSectors: 100, IOTicks: 5000}}, time.Second, 1, 100},
		{"counter went back", []procfs.Diskstat{{Name: "sda", ReadSectors: 10, WriteSectors: 100, IOTicks: 100}}, time.Second, 0, 0},
		{"new device", []procfs.Diskstat{{Name: "sdc"}}, time.Second, 0, 0},
		{"partition", []procfs.Diskstat{{Name: "sda1"}}, time.Second, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Rates(p, tt.cur, tt.dt)
			if !ok || len(got) != tt.want || tt.want > 0 && got[0].UtilPercent != tt.util {
				t.Errorf("Rates = %+v, %v", got, ok)
			}
		})
	}
	if _, ok := Rates(p, p, 0); ok {
		t.Error("zero interval gave rates")
	}
}

func TestMeter(t *testing.T) {
	var m Meter
	t0 := time.Unix(1000, 0)
	if _, ok := m.Update(t0, read(t, "diskstats.t0")); ok {
		t.Error("first reading gave rates")
	}
	got, ok := m.Update(t0.Add(776*time.Millisecond), read(t, "diskstats.t1"))
	if !ok || len(got) != 1 {
		t.Errorf("second reading = %+v, %v", got, ok)
	}
	if _, ok := m.Update(t0, read(t, "diskstats.t1")); ok {
		t.Error("clock that went back gave rates")
	}
}

// TestLocal reads this machine's /proc/diskstats twice around a synced
// write into the package directory (a disk, where /tmp may be tmpfs): the
// disk must show it.
func TestLocal(t *testing.T) {
	b0, err := os.ReadFile("/proc/diskstats")
	if err != nil {
		t.Skip("no /proc/diskstats")
	}
	d0, err := procfs.ParseDiskstats(b0)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.CreateTemp(".", "diskio-*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(f.Name())
	f.Write(make([]byte, 4<<20))
	f.Sync()
	f.Close()
	b1, _ := os.ReadFile("/proc/diskstats")
	d1, err := procfs.ParseDiskstats(b1)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Rates(d0, d1, time.Second)
	disks := 0
	for _, d := range d1 {
		if WholeDisk(d.Name) {
			disks++
		}
	}
	if disks == 0 {
		t.Skip("no whole disk in /proc/diskstats (a virtual filesystem)")
	}
	var written float64
	for _, d := range got {
		written += d.WriteBytesPerS
	}
	if len(got) == 0 || written < 4<<20 {
		t.Errorf("Rates = %+v; want the 4 MiB written on some disk", got)
	}
}
