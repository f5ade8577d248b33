package containers

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"lookout/internal/bounded"
)

// Bounds on what an engine may send.
const (
	// MaxContainers is how many containers one poll reads; the rest are
	// reported as an error.
	MaxContainers = 500
	// MaxNameLen is the longest name, image or status kept, in bytes.
	MaxNameLen = 256
	// MaxListBytes bounds the /containers/json response.
	MaxListBytes = 8 << 20
	// MaxItemBytes bounds one /containers/{id}/json or stats response.
	MaxItemBytes = 1 << 20
	// maxCPUs bounds online_cpus.
	maxCPUs = 4096
)

var idRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidID reports whether id is an engine container ID (64 lowercase hex
// digits), safe to put into a URL path.
func ValidID(id string) bool { return idRE.MatchString(id) }

// Summary is one entry of GET /containers/json.
type Summary struct {
	ID     string
	Name   string
	Image  string
	State  string
	Status string
}

type summaryJSON struct {
	ID     string   `json:"Id"`
	Names  []string `json:"Names"`
	Image  string   `json:"Image"`
	State  string   `json:"State"`
	Status string   `json:"Status"`
}

// ParseList parses the body of GET /containers/json. Entries with an
// invalid ID are dropped with an error; more than MaxContainers entries
// are cut, with an error. The entries kept are returned in either case.
func ParseList(b []byte) ([]Summary, error) {
	var raw []summaryJSON
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("container list: %w", err)
	}
	var errs []string
	if len(raw) > MaxContainers {
		errs = append(errs, fmt.Sprintf("%d containers, reading the first %d", len(raw), MaxContainers))
		raw = raw[:MaxContainers]
	}
	out := make([]Summary, 0, len(raw))
	for _, r := range raw {
		if !ValidID(r.ID) {
			errs = append(errs, fmt.Sprintf("container ID %q is not 64 hex digits", clean(r.ID)))
			continue
		}
		name := ""
		if len(r.Names) > 0 {
			name = r.Names[0]
		}
		out = append(out, Summary{ID: r.ID, Name: clean(strings.TrimPrefix(name, "/")), Image: clean(r.Image),
			State: cleanState(r.State), Status: clean(r.Status)})
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("container list: %s", strings.Join(errs, "; "))
	}
	return out, nil
}

// Inspect is what Lookout reads of GET /containers/{id}/json.
type Inspect struct {
	ID       string
	Name     string
	Image    string
	State    string
	Restarts int
	ExitCode int
}

type inspectJSON struct {
	ID           string `json:"Id"`
	Name         string `json:"Name"`
	RestartCount int    `json:"RestartCount"`
	State        struct {
		Status   string `json:"Status"`
		ExitCode int    `json:"ExitCode"`
	} `json:"State"`
	Config struct {
		Image string `json:"Image"`
	} `json:"Config"`
}

// ParseInspect parses the body of GET /containers/{id}/json.
func ParseInspect(b []byte) (Inspect, error) {
	var r inspectJSON
	if err := json.Unmarshal(b, &r); err != nil {
		return Inspect{}, fmt.Errorf("container inspect: %w", err)
	}
	if !ValidID(r.ID) {
		return Inspect{}, fmt.Errorf("container inspect: ID %q is not 64 hex digits", clean(r.ID))
	}
	if r.RestartCount < 0 {
		return Inspect{}, fmt.Errorf("container inspect: negative RestartCount %d", r.RestartCount)
	}
	return Inspect{ID: r.ID, Name: clean(strings.TrimPrefix(r.Name, "/")), Image: clean(r.Config.Image),
		State: cleanState(r.State.Status), Restarts: r.RestartCount, ExitCode: r.State.ExitCode}, nil
}

// CPUStats is the cpu_stats (or precpu_stats) object of a stats response.
// Times are nanoseconds.
type CPUStats struct {
	// Total is cpu_usage.total_usage, the container's CPU time.
	Total uint64
	// System is system_cpu_usage, the host's CPU time (all cores).
	System uint64
	// Online is online_cpus, or the length of percpu_usage when the
	// engine does not send it.
	Online int
}

// Stats is what Lookout reads of GET /containers/{id}/stats.
type Stats struct {
	ID     string
	Read   time.Time
	CPU    CPUStats
	PreCPU CPUStats
	// MemUsage is memory_stats.usage; MemInactiveFile is stats.
	// total_inactive_file (cgroup v1) or stats.inactive_file (v2), and
	// HasInactive says whether either was sent.
	MemUsage, MemLimit, MemInactiveFile uint64
	HasInactive                         bool
	// Rx and Tx sum rx_bytes and tx_bytes over the networks.
	Rx, Tx uint64
	// HasNet is false when the engine sent no networks (network "none" or
	// "host", or the container is not running).
	HasNet bool
}

type cpuJSON struct {
	Usage struct {
		Total  uint64   `json:"total_usage"`
		PerCPU []uint64 `json:"percpu_usage"`
	} `json:"cpu_usage"`
	System uint64 `json:"system_cpu_usage"`
	Online int    `json:"online_cpus"`
}

type statsJSON struct {
	ID     string    `json:"id"`
	IDCap  string    `json:"Id"` // Podman 4 spells it so
	Read   time.Time `json:"read"`
	CPU    cpuJSON   `json:"cpu_stats"`
	PreCPU cpuJSON   `json:"precpu_stats"`
	Memory struct {
		Usage uint64 `json:"usage"`
		Limit uint64 `json:"limit"`
		// Two keys of ~30: a struct, not a map, skips the rest cheaply.
		Stats struct {
			TotalInactiveFile *uint64 `json:"total_inactive_file"`
			InactiveFile      *uint64 `json:"inactive_file"`
		} `json:"stats"`
	} `json:"memory_stats"`
	Networks map[string]struct {
		Rx uint64 `json:"rx_bytes"`
		Tx uint64 `json:"tx_bytes"`
	} `json:"networks"`
}

func (c cpuJSON) stats() (CPUStats, error) {
	on := c.Online
	if on == 0 {
		on = len(c.Usage.PerCPU)
	}
	if on < 0 || on > maxCPUs {
		return CPUStats{}, fmt.Errorf("online_cpus %d out of range", on)
	}
	return CPUStats{Total: c.Usage.Total, System: c.System, Online: on}, nil
}

// ParseStats parses the body of GET /containers/{id}/stats?stream=false.
func ParseStats(b []byte) (Stats, error) {
	var r statsJSON
	if err := json.Unmarshal(b, &r); err != nil {
		return Stats{}, fmt.Errorf("container stats: %w", err)
	}
	id := r.ID
	if id == "" {
		id = r.IDCap
	}
	if !ValidID(id) {
		return Stats{}, fmt.Errorf("container stats: ID %q is not 64 hex digits", clean(id))
	}
	s := Stats{ID: id, Read: r.Read, MemUsage: r.Memory.Usage, MemLimit: r.Memory.Limit}
	var err error
	if s.CPU, err = r.CPU.stats(); err != nil {
		return Stats{}, fmt.Errorf("container stats: cpu_stats: %w", err)
	}
	if s.PreCPU, err = r.PreCPU.stats(); err != nil {
		return Stats{}, fmt.Errorf("container stats: precpu_stats: %w", err)
	}
	if v := r.Memory.Stats.TotalInactiveFile; v != nil {
		s.MemInactiveFile, s.HasInactive = *v, true
	} else if v := r.Memory.Stats.InactiveFile; v != nil {
		s.MemInactiveFile, s.HasInactive = *v, true
	}
	for _, n := range r.Networks {
		s.Rx += n.Rx
		s.Tx += n.Tx
		s.HasNet = true
	}
	return s, nil
}

// clean is s as a name or a value in an error: bounded.Text.
func clean(s string) string { return bounded.Text(s, MaxNameLen) }

// cleanState keeps a state the API documents and maps anything else to
// "unknown", so a remote engine cannot invent states rules must know.
func cleanState(s string) string {
	switch s {
	case "created", "running", "paused", "restarting", "removing", "exited", "dead":
		return s
	case "stopped", "configured", "initialized": // Podman's own words
		if s == "stopped" {
			return "exited"
		}
		return "created"
	}
	return "unknown"
}
