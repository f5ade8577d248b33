package inodes

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

func TestParseDf(t *testing.T) {
	tests := []struct {
		file string
		want []string // mount fstype total used free
	}{
		{"df-i.debian12", []string{
			"/dev devtmpfs 3083615 114 3083501", "/dev/shm tmpfs 3085510 2 3085508",
			"/ ext4 16777216 492042 16285174", "/sys/fs/cgroup tmpfs 1024 17 1007"}},
		{"df-i.busybox", []string{
			"/dev devtmpfs 3083615 114 3083501", "/dev/shm tmpfs 3085510 2 3085508",
			"/ ext4 16777216 493269 16283947", "/sys/fs/cgroup tmpfs 1024 17 1007", "/run/netns ext4 16777216 493269 16283947"}},
		{"df-i.mixed", []string{"/mnt/full disk ext4 655360 655360 0", "/ xfs 52428800 81234 52347566"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseDf(b)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, s := range got {
				lines = append(lines, strings.Join([]string{s.Mount, s.FSType, u(s.Total), u(s.Used), u(s.Free)}, " "))
			}
			if strings.Join(lines, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(tt.want, "\n"))
			}
			for _, s := range got {
				if s.Percent < 0 || s.Percent > 100 {
					t.Errorf("%s: percent %v", s.Mount, s.Percent)
				}
			}
		})
	}
	for name, in := range map[string]string{
		"used above total": "Filesystem Type Inodes IUsed IFree IUse% Mounted on\n/dev/x ext4 10 20 0 100% /\n",
		"garbage":          "Filesystem Type Inodes IUsed IFree IUse% Mounted on\nnot a df line\n",
	} {
		if _, err := ParseDf([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func u(v uint64) string { return strconv.FormatUint(v, 10) }

func TestFromCounts(t *testing.T) {
	tests := []struct {
		total, free uint64
		ok          bool
		pct         float64
	}{
		{100, 25, true, 75},
		{100, 100, true, 0},
		{100, 0, true, 100},
		{0, 0, false, 0},
		{10, 20, false, 0},
	}
	for _, tt := range tests {
		s, ok := FromCounts("/", "/dev/x", "ext4", tt.total, tt.free)
		if ok != tt.ok || s.Percent != tt.pct || ok && s.Used != tt.total-tt.free {
			t.Errorf("FromCounts(%d, %d) = %+v, %v", tt.total, tt.free, s, ok)
		}
	}
}

// TestLocalAgainstDf compares statfs of / with the real df's line for /
// (run through RemoteCommand, as a remote would): the same table.
func TestLocalAgainstDf(t *testing.T) {
	if _, err := exec.LookPath("df"); err != nil {
		t.Skip("no df")
	}
	out, err := exec.Command("sh", "-c", RemoteCommand).Output()
	if len(out) == 0 {
		t.Fatalf("df: %v", err)
	}
	fs, err := ParseDf(out)
	if err != nil {
		t.Fatal(err)
	}
	total, free, err := Statfs("/")
	if err != nil {
		t.Fatal(err)
	}
	local, ok := FromCounts("/", "", "", total, free)
	if !ok {
		t.Skip("/ has no inode table (btrfs?)")
	}
	for _, s := range fs {
		if s.Mount != "/" {
			continue
		}
		diff := int64(s.Used) - int64(local.Used)
		if s.Total != local.Total || diff > 100000 || diff < -100000 {
			t.Errorf("df says %+v, statfs %+v", s, local)
		}
		return
	}
	t.Errorf("df -i lists no /: %s", out)
}
