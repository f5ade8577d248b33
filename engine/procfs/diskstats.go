package procfs

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
)

// SectorSize is the unit of the sector counters in /proc/diskstats: always
// 512 bytes, whatever the device's own sector size.
const SectorSize = 512

// Diskstat is one block device's line of /proc/diskstats.
type Diskstat struct {
	Major, Minor uint32
	Name         string
	// Reads and Writes are completed requests; ReadSectors and
	// WriteSectors count 512-byte sectors.
	Reads, ReadSectors, Writes, WriteSectors uint64
	// IOTicks is milliseconds spent doing I/O.
	IOTicks uint64
}

// ReadBytes returns the bytes read.
func (d Diskstat) ReadBytes() uint64 { return d.ReadSectors * SectorSize }

// WriteBytes returns the bytes written.
func (d Diskstat) WriteBytes() uint64 { return d.WriteSectors * SectorSize }

// ParseDiskstats parses /proc/diskstats. Lines have 14 columns before
// Linux 4.18, 18 since and 20 since 5.5; Lookout needs the first 13.
func ParseDiskstats(b []byte) ([]Diskstat, error) {
	var out []Diskstat
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		f := bytes.Fields(sc.Bytes())
		if len(f) == 0 {
			continue
		}
		if len(f) < 13 {
			return out, fmt.Errorf("diskstats line %d: %d columns, want at least 13", line, len(f))
		}
		var nums [13]uint64
		for i := range nums {
			if i == 2 {
				continue // the name
			}
			n, err := strconv.ParseUint(string(f[i]), 10, 64)
			if err != nil {
				return out, fmt.Errorf("diskstats line %d: column %d: %w", line, i+1, err)
			}
			nums[i] = n
		}
		if nums[0] > 1<<32-1 || nums[1] > 1<<32-1 {
			return out, fmt.Errorf("diskstats line %d: device number out of range", line)
		}
		out = append(out, Diskstat{Major: uint32(nums[0]), Minor: uint32(nums[1]), Name: string(f[2]),
			Reads: nums[3], ReadSectors: nums[5], Writes: nums[7], WriteSectors: nums[9], IOTicks: nums[12]})
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("diskstats: %w", err)
	}
	return out, nil
}
