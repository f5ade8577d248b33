package containers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseList(t *testing.T) {
	tests := []struct {
		file  string
		names []string
		state []string
		image string
	}{
		{"list.docker20.json", []string{"net", "idle", "spin"}, []string{"running", "exited", "running"}, "bb:test"},
		{"list.podman4.json", []string{"spin"}, []string{"running"}, "localhost/bb:test"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseList(fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.names) {
				t.Fatalf("got %d containers, want %d", len(got), len(tt.names))
			}
			for i, s := range got {
				if s.Name != tt.names[i] || s.State != tt.state[i] || s.Image != tt.image || !ValidID(s.ID) {
					t.Errorf("container %d = %+v, want name %q state %q image %q", i, s, tt.names[i], tt.state[i], tt.image)
				}
			}
		})
	}
}

func TestParseListHostile(t *testing.T) {
	id := strings.Repeat("a", 64)
	many := "[" + strings.Repeat(`{"Id":"`+id+`","Names":["/x"],"State":"running"},`, MaxContainers+5)
	many = many[:len(many)-1] + "]"
	tests := []struct {
		name    string
		body    string
		keep    int
		wantErr string
	}{
		{"not json", `<html>`, 0, "container list"},
		{"bad id", `[{"Id":"../../images/json","Names":["/x"]},{"Id":"` + id + `","Names":["/y"]}]`, 1, "not 64 hex digits"},
		{"too many", many, MaxContainers, "reading the first"},
		{"odd state", `[{"Id":"` + id + `","Names":["/y\u0007z"],"State":"on-fire"}]`, 1, ""},
		{"long name", `[{"Id":"` + id + `","Names":["/` + strings.Repeat("é", 400) + `"]}]`, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseList([]byte(tt.body))
			if len(got) != tt.keep {
				t.Errorf("kept %d, want %d", len(got), tt.keep)
			}
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
			for _, s := range got {
				if len(s.Name) > MaxNameLen || strings.ContainsRune(s.Name, 7) || strings.ContainsRune(s.Name, '\uFFFD') {
					t.Errorf("name %q not cleaned", s.Name)
				}
				if tt.name == "odd state" && s.State != "unknown" {
					t.Errorf("state %q, want unknown", s.State)
				}
			}
		})
	}
}

func TestParseInspect(t *testing.T) {
	tests := []struct {
		file, name, state string
	}{
		{"inspect.docker20.json", "spin", "running"},
		{"inspect.podman4.json", "spin", "running"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseInspect(fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != tt.name || got.State != tt.state || got.Restarts != 0 {
				t.Errorf("got %+v", got)
			}
		})
	}
	if _, err := ParseInspect([]byte(`{"Id":"` + strings.Repeat("b", 64) + `","RestartCount":-1}`)); err == nil {
		t.Error("negative RestartCount accepted")
	}
}

func TestParseStats(t *testing.T) {
	tests := []struct {
		file            string
		online          int
		hasNet, preCPU  bool
		hasInactive     bool
		usage, inactive uint64
	}{
		{"stats.docker20.oneshot.json", 2, false, false, true, 327680, 0},
		{"stats.docker20.net.json", 2, true, true, true, 0, 0},
		{"stats.docker20.exited.json", 0, false, false, false, 0, 0},
		// Podman 4 reports a zeroed "network" even with --network none, and
		// no precpu_stats even without one-shot.
		{"stats.podman4.oneshot.json", 2, true, false, false, 421888, 0},
		{"stats.podman4.json", 2, true, false, false, 0, 0},
		{"stats.cgroup2.json", 4, true, true, true, 10485760, 4194304},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s, err := ParseStats(fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if s.CPU.Online != tt.online || s.HasNet != tt.hasNet || (s.PreCPU.System > 0) != tt.preCPU || s.HasInactive != tt.hasInactive {
				t.Errorf("got %+v", s)
			}
			if tt.usage != 0 && (s.MemUsage != tt.usage || s.MemInactiveFile != tt.inactive) {
				t.Errorf("memory usage %d inactive %d, want %d %d", s.MemUsage, s.MemInactiveFile, tt.usage, tt.inactive)
			}
			if tt.hasNet && strings.Contains(tt.file, "docker") && s.Rx == 0 {
				t.Errorf("network counters %d/%d", s.Rx, s.Tx)
			}
		})
	}
	for _, bad := range []string{`{"id":"x"}`, `{"id":"` + strings.Repeat("c", 64) + `","cpu_stats":{"online_cpus":100000}}`,
		`{"id":"` + strings.Repeat("c", 64) + `","memory_stats":{"usage":-5}}`} {
		if _, err := ParseStats([]byte(bad)); err == nil {
			t.Errorf("ParseStats(%s) accepted", bad)
		}
	}
}

func TestParseVersion(t *testing.T) {
	for body, want := range map[string]string{
		`{"Components":[{"Name":"Engine"},{"Name":"containerd"}]}`: "docker",
		`{"Components":[{"Name":"Podman Engine"}]}`:                "podman",
	} {
		if got, err := ParseVersion([]byte(body)); err != nil || got != want {
			t.Errorf("ParseVersion(%s) = %q, %v; want %q", body, got, err, want)
		}
	}
}
