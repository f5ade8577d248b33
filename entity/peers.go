package entity

// This file holds the figures other monitors (Beszel, Netdata, Glances)
// show and Lookout collects through engine/collect/containers, units, gpu
// and diskio: containers, systemd units, GPUs, inodes and per-device disk
// I/O. They are not yet fields of Snapshot; see the collectors' docs.

// Container states as the Docker and Podman Engine APIs name them
// (State in /containers/json, State.Status in /containers/{id}/json).
const (
	ContainerCreated    = "created"
	ContainerRunning    = "running"
	ContainerPaused     = "paused"
	ContainerRestarting = "restarting"
	ContainerRemoving   = "removing"
	ContainerExited     = "exited"
	ContainerDead       = "dead"
)

// ContainerStat is one container of a Docker or Podman engine.
//
// CPUPercent is the container's share of the whole host over the interval
// since the previous reading times the number of online CPUs, as `docker
// stats` prints it: one busy core is 100, two are 200. MemUsedBytes is the
// cgroup's usage minus its inactive page cache, as `docker stats` counts
// it. Rates (CPUPercent, NetRxBytesPerS, NetTxBytesPerS) need two readings:
// RatesUnknown marks a container seen for the first time, or whose counters
// went back (it restarted); its rates are placeholders (0). A container
// that is not running has no CPU, memory or network figures (all 0).
type ContainerStat struct {
	// ID is the engine's 64-hex-digit container ID.
	ID string `json:"id"`
	// Name is the container name without Docker's leading slash.
	Name  string `json:"name"`
	Image string `json:"image"`
	// Engine is "docker" or "podman".
	Engine string `json:"engine"`
	// State is one of the Container* constants.
	State string `json:"state"`
	// Status is the engine's human summary ("Up 2 hours", "Exited (137) 5
	// minutes ago").
	Status string `json:"status,omitempty"`
	// Restarts counts restarts made by the engine's restart policy
	// (RestartCount); a manual `docker restart` does not count.
	Restarts int `json:"restarts"`
	// ExitCode is the last exit code of a container that is not running.
	ExitCode        int     `json:"exit_code,omitempty"`
	CPUPercent      float64 `json:"cpu_percent"`
	MemUsedBytes    uint64  `json:"mem_used_bytes"`
	MemLimitBytes   uint64  `json:"mem_limit_bytes"`
	MemPercent      float64 `json:"mem_percent"`
	NetRxBytesPerS  float64 `json:"net_rx_bytes_per_s"`
	NetTxBytesPerS  float64 `json:"net_tx_bytes_per_s"`
	NetRxBytesTotal uint64  `json:"net_rx_bytes_total"`
	NetTxBytesTotal uint64  `json:"net_tx_bytes_total"`
	RatesUnknown    bool    `json:"rates_unknown,omitempty"`
}

// Running reports whether the container is running (paused counts as not).
func (c ContainerStat) Running() bool { return c.State == ContainerRunning }

// UnitStat is one systemd unit as `systemctl show` reports it.
type UnitStat struct {
	// Name is the unit's full name ("nginx.service").
	Name string `json:"name"`
	// LoadState is "loaded", "not-found", "masked", "error", ...
	LoadState string `json:"load_state"`
	// ActiveState is "active", "inactive", "failed", "activating",
	// "deactivating", "reloading" or "maintenance".
	ActiveState string `json:"active_state"`
	// SubState is the unit type's own state ("running", "exited", "dead",
	// "failed", "auto-restart", ...).
	SubState string `json:"sub_state"`
	// Result is the outcome of the last run ("success", "exit-code",
	// "signal", "timeout", "core-dump", ...); empty for unit types that
	// have none.
	Result string `json:"result,omitempty"`
	// Description is the unit's one-line description.
	Description string `json:"description,omitempty"`
}

// Active reports whether the unit is active (running, or exited after a
// successful oneshot with RemainAfterExit) or reloading.
func (u UnitStat) Active() bool { return u.ActiveState == "active" || u.ActiveState == "reloading" }

// Failed reports whether systemd counts the unit as failed.
func (u UnitStat) Failed() bool { return u.ActiveState == "failed" }

// Found reports whether systemd knows the unit (a listed unit that is not
// installed reports LoadState "not-found").
func (u UnitStat) Found() bool { return u.LoadState != "not-found" && u.LoadState != "" }

// GPU vendors.
const (
	GPUNvidia = "nvidia"
	GPUAMD    = "amd"
)

// GPUStat is one graphics card. A figure the driver does not report
// (nvidia-smi's "[N/A]" or "[Not Supported]", a missing sysfs file) is
// nil, never 0, so charts leave a gap and rules skip it.
type GPUStat struct {
	// Index is nvidia-smi's index, or N of /sys/class/drm/cardN.
	Index  int    `json:"index"`
	Name   string `json:"name"`
	Vendor string `json:"vendor"`
	// UtilPercent is how busy the GPU was (0–100).
	UtilPercent   *float64 `json:"util_percent,omitempty"`
	MemUsedBytes  *uint64  `json:"mem_used_bytes,omitempty"`
	MemTotalBytes *uint64  `json:"mem_total_bytes,omitempty"`
	Celsius       *float64 `json:"celsius,omitempty"`
	PowerWatts    *float64 `json:"power_watts,omitempty"`
}

// MemPercent returns video memory used in percent, and false when the
// driver reports no memory figures.
func (g GPUStat) MemPercent() (float64, bool) {
	if g.MemUsedBytes == nil || g.MemTotalBytes == nil || *g.MemTotalBytes == 0 {
		return 0, false
	}
	return float64(*g.MemUsedBytes) / float64(*g.MemTotalBytes) * 100, true
}

// InodeStat is one filesystem's inode table. Filesystems without a fixed
// table (btrfs, many network and virtual filesystems) report Total 0 and
// are left out by the collectors.
type InodeStat struct {
	Mount string `json:"mount"`
	// Device is the mounted device, when known.
	Device string `json:"device,omitempty"`
	FSType string `json:"fstype,omitempty"`
	Total  uint64 `json:"total"`
	Used   uint64 `json:"used"`
	Free   uint64 `json:"free"`
	// Percent is Used / Total in percent, as `df -i` prints IUse%.
	Percent float64 `json:"percent"`
}

// DeviceIO is one whole block device's throughput over the interval since
// the previous reading. UtilPercent is the share of the interval the device
// had I/O in flight (io_ticks), as iostat's %util: 100 means always busy,
// though a device that serves requests in parallel (SSD, RAID) may still
// have room.
type DeviceIO struct {
	Device         string  `json:"device"`
	ReadBytesPerS  float64 `json:"read_bytes_per_s"`
	WriteBytesPerS float64 `json:"write_bytes_per_s"`
	ReadsPerS      float64 `json:"reads_per_s"`
	WritesPerS     float64 `json:"writes_per_s"`
	UtilPercent    float64 `json:"util_percent"`
}
