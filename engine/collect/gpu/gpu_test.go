package gpu

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"lookout/entity"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// show renders a GPU's figures, "-" for nil, for compact comparisons.
func show(g entity.GPUStat) string {
	f := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return fmtFloat(*p)
	}
	u := func(p *uint64) string {
		if p == nil {
			return "-"
		}
		return fmtFloat(float64(*p>>20)) + "Mi"
	}
	return strings.Join([]string{g.Vendor, fmtFloat(float64(g.Index)), g.Name, f(g.UtilPercent), u(g.MemUsedBytes),
		u(g.MemTotalBytes), f(g.Celsius), f(g.PowerWatts)}, "|")
}

func fmtFloat(v float64) string {
	s := strings.TrimRight(strings.TrimRight(strconvF(v), "0"), ".")
	if s == "" {
		return "0"
	}
	return s
}

func TestParseNvidia(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"nvidia.a40x2.csv", []string{
			"nvidia|0|NVIDIA A40|0|1Mi|46068Mi|29|23.45",
			"nvidia|1|NVIDIA A40|97|40211Mi|46068Mi|71|287.12"}},
		{"nvidia.na.csv", []string{
			"nvidia|0|NVIDIA GeForce GTX 1050 Ti with Max-Q Design|12|512Mi|4096Mi|48|-",
			"nvidia|1|Tesla K80|-|0Mi|11441Mi|35|-",
			"nvidia|2|Orin (nvgpu)|-|-|-|-|-"}},
		{"nvidia.comma.csv", []string{"nvidia|0|NVIDIA RTX A6000, Quadro|5|1Mi|49140Mi|30|24.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseNvidia(fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d GPUs, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if s := show(got[i]); s != tt.want[i] {
					t.Errorf("GPU %d = %s, want %s", i, s, tt.want[i])
				}
			}
		})
	}
	if p, ok := mustNvidia(t, "0, A, 50, 1024, 4096, 30, 10")[0].MemPercent(); !ok || p != 25 {
		t.Errorf("MemPercent = %v, %v", p, ok)
	}
	if _, ok := mustNvidia(t, "0, A, 50, [N/A], 4096, 30, 10")[0].MemPercent(); ok {
		t.Error("MemPercent without memory.used")
	}
}

func mustNvidia(t *testing.T, s string) []entity.GPUStat {
	g, err := ParseNvidia([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestParseNvidiaHostile(t *testing.T) {
	for name, in := range map[string]string{
		"driver message":   string(fixture(t, "nvidia.nodriver.txt")),
		"util over 100":    "0, A, 150, 1, 2, 30, 10\n",
		"negative memory":  "0, A, 5, -1, 2, 30, 10\n",
		"huge memory":      "0, A, 5, 99999999999999, 2, 30, 10\n",
		"NaN temperature":  "0, A, 5, 1, 2, NaN, 10\n",
		"bad index":        "x, A, 5, 1, 2, 30, 10\n",
		"too few fields":   "0, A, 5\n",
		"too many devices": strings.Repeat("0, A, 5, 1, 2, 30, 10\n", MaxGPUs+1),
	} {
		if _, err := ParseNvidia([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	g := mustNvidia(t, "0, "+strings.Repeat("\x1bé", 200)+", 5, 1, 2, 30, 10")
	if len(g[0].Name) > MaxNameLen || strings.ContainsRune(g[0].Name, 0x1b) {
		t.Errorf("name not cleaned: %q", g[0].Name)
	}
}

// standIn puts an nvidia-smi on PATH running script.
func standIn(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nvidia-smi"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

func TestReadNvidia(t *testing.T) {
	csv, _ := filepath.Abs("testdata/nvidia.a40x2.csv")
	nodrv, _ := filepath.Abs("testdata/nvidia.nodriver.txt")
	tests := []struct {
		name, script string
		gpus         int
		want         string
	}{
		{"reads", `[ "$1" = "--query-gpu=` + NvidiaQuery + `" ] && [ "$2" = --format=csv,noheader,nounits ] || exit 2; cat ` + csv, 2, ""},
		{"no driver", `cat ` + nodrv + `; exit 9`, 0, "couldn't communicate"},
		{"hangs", `exec sleep 30`, 0, "deadline"},
		{"floods", `exec yes "0, A, 5, 1, 2, 30, 10"`, 0, "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			standIn(t, tt.script)
			g, err := ReadNvidia(context.Background(), 500*time.Millisecond)
			if len(g) != tt.gpus || (tt.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadNvidia = %d GPUs, %v; want %d, %q", len(g), err, tt.gpus, tt.want)
			}
		})
	}
	t.Run("absent", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		if _, err := ReadNvidia(context.Background(), 0); !errors.Is(err, ErrNoNvidia) {
			t.Errorf("err = %v, want ErrNoNvidia", err)
		}
	})
}

var amdWant = []string{
	"amd|0|AMD GPU 0x73bf|37|1024Mi|16368Mi|52|45",
	"amd|2|AMD Radeon Graphics|3|-|-|41|7.012",
}

func TestReadAMD(t *testing.T) {
	got, err := ReadAMD(os.DirFS("testdata/sys-amd"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(amdWant) {
		t.Fatalf("got %d GPUs: %+v", len(got), got)
	}
	for i := range got {
		if s := show(got[i]); s != amdWant[i] {
			t.Errorf("GPU %d = %s, want %s", i, s, amdWant[i])
		}
	}
	if g, err := ReadAMD(fstest.MapFS{}); g != nil || err != nil {
		t.Errorf("no drm: %v, %v", g, err)
	}
	hostile := fstest.MapFS{
		"class/drm/card0/device/vendor":             {Data: []byte("0x1002\n")},
		"class/drm/card0/device/gpu_busy_percent":   {Data: []byte("250\n")},
		"class/drm/card0/device/mem_info_vram_used": {Data: []byte("lots\n")},
		"class/drm/card1/device/vendor":             {Data: []byte("0x1002\n")},
		"class/drm/card1/device/gpu_busy_percent":   {Data: []byte("5\n")},
	}
	g, err := ReadAMD(hostile)
	if err == nil || !strings.Contains(err.Error(), "gpu_busy_percent") || !strings.Contains(err.Error(), "mem_info_vram_used") {
		t.Errorf("err = %v, want both bad files named", err)
	}
	if len(g) != 2 || g[0].UtilPercent != nil || g[1].UtilPercent == nil || *g[1].UtilPercent != 5 {
		t.Errorf("hostile tree = %+v", g)
	}
}

// TestRemoteCommand runs the SSH command with sh on the fixture tree and a
// stand-in nvidia-smi, and parses what it prints.
func TestRemoteCommand(t *testing.T) {
	root, _ := filepath.Abs("testdata/sys-amd")
	run := func() []byte {
		out, err := exec.Command("sh", "-c", remoteCommand(root)).Output()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	t.Setenv("PATH", "/usr/bin:/bin")
	got, err := ParseRemote(run())
	if err != nil || len(got) != 2 || show(got[0]) != amdWant[0] || show(got[1]) != amdWant[1] {
		t.Errorf("AMD only = %v, %v", got, err)
	}
	csv, _ := filepath.Abs("testdata/nvidia.a40x2.csv")
	standIn(t, "cat "+csv)
	got, err = ParseRemote(run())
	if err != nil || len(got) != 4 || got[0].Vendor != entity.GPUNvidia || got[3].Vendor != entity.GPUAMD {
		t.Errorf("NVIDIA and AMD = %v, %v", got, err)
	}
	nodrv, _ := filepath.Abs("testdata/nvidia.nodriver.txt")
	standIn(t, "cat "+nodrv+"; exit 9")
	got, err = ParseRemote(run())
	if err == nil || len(got) != 2 {
		t.Errorf("broken nvidia-smi = %v, %v; want the AMD cards and an error", got, err)
	}
	if _, err := ParseRemote([]byte(amdMarker + "\nclass/drm/card0/device/../../../../etc/shadow=x\n")); err == nil {
		t.Error("path outside the amdgpu files accepted")
	}
	if _, err := ParseRemote([]byte("garbage")); err == nil {
		t.Error("output without markers accepted")
	}
	if !strings.Contains(RemoteCommand, "'/sys'/class/drm/card") {
		t.Errorf("RemoteCommand does not read /sys: %s", RemoteCommand)
	}
}
