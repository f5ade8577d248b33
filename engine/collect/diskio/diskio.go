package diskio

import (
	"regexp"
	"sort"
	"time"

	"lookout/engine/procfs"
	"lookout/entity"
)

// MaxDevices is how many devices one reading reports.
const MaxDevices = 512

// partitionRE matches block devices that are partitions or virtual
// devices (the expression the local and SSH collectors use for the
// host-wide figure).
var partitionRE = regexp.MustCompile(`^(ram|loop|fd|zram|sr|dm-|md)\d*|^((h|s|v|xv)d[a-z]+|nvme\d+n\d+|mmcblk\d+)p?\d+$`)

// WholeDisk reports whether a /proc/diskstats name is a whole disk
// ("sda", "nvme0n1", "vda"), not a partition or a virtual device.
func WholeDisk(name string) bool { return name != "" && !partitionRE.MatchString(name) }

// Rates returns the throughput of each whole disk between prev and cur,
// taken dt apart, sorted by name. A device missing from prev, or whose
// counters went back (a reset, a device replaced), is left out. ok is
// false when dt is not positive.
func Rates(prev, cur []procfs.Diskstat, dt time.Duration) (out []entity.DeviceIO, ok bool) {
	if dt <= 0 {
		return nil, false
	}
	before := make(map[string]procfs.Diskstat, len(prev))
	for _, d := range prev {
		before[d.Name] = d
	}
	s := dt.Seconds()
	ms := float64(dt) / float64(time.Millisecond)
	for _, c := range cur {
		p, seen := before[c.Name]
		if !seen || !WholeDisk(c.Name) || len(out) >= MaxDevices {
			continue
		}
		if c.ReadSectors < p.ReadSectors || c.WriteSectors < p.WriteSectors || c.Reads < p.Reads ||
			c.Writes < p.Writes || c.IOTicks < p.IOTicks {
			continue
		}
		util := float64(c.IOTicks-p.IOTicks) / ms * 100
		if util > 100 { // io_ticks and our clock are read at different instants
			util = 100
		}
		out = append(out, entity.DeviceIO{
			Device:         c.Name,
			ReadBytesPerS:  float64(c.ReadBytes()-p.ReadBytes()) / s,
			WriteBytesPerS: float64(c.WriteBytes()-p.WriteBytes()) / s,
			ReadsPerS:      float64(c.Reads-p.Reads) / s,
			WritesPerS:     float64(c.Writes-p.Writes) / s,
			UtilPercent:    util,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Device < out[j].Device })
	return out, true
}

// Meter keeps the previous reading of one host's /proc/diskstats.
type Meter struct {
	prev []procfs.Diskstat
	at   time.Time
}

// Update records a reading taken at now and returns the rates since the
// previous one; ok is false for the first reading (and after a clock that
// went back), when there is nothing to compare.
func (m *Meter) Update(now time.Time, cur []procfs.Diskstat) ([]entity.DeviceIO, bool) {
	prev, at := m.prev, m.at
	m.prev, m.at = cur, now
	if prev == nil {
		return nil, false
	}
	return Rates(prev, cur, now.Sub(at))
}
