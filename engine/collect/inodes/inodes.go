package inodes

import (
	"fmt"

	"golang.org/x/sys/unix"

	"lookout/engine/procfs"
	"lookout/entity"
)

// MaxFilesystems is how many filesystems one reading keeps.
const MaxFilesystems = 512

// DfArgs are df's arguments for ParseDf.
var DfArgs = []string{"-P", "-T", "-i"}

// RemoteCommand is the shell command an SSH collector runs: df bounded by
// timeout(1) where the remote has it (a hung NFS mount would hang df),
// stderr dropped (df complains about filesystems it cannot read and still
// prints the others).
const RemoteCommand = `if command -v timeout >/dev/null 2>&1; then timeout 5 df -P -T -i; else df -P -T -i; fi 2>/dev/null`

// FromCounts builds one filesystem's figure from its inode count and free
// inodes (statfs Files and Ffree). ok is false for a filesystem without a
// fixed table (total 0) or nonsense counts (free above total).
func FromCounts(mount, device, fstype string, total, free uint64) (entity.InodeStat, bool) {
	if total == 0 || free > total {
		return entity.InodeStat{}, false
	}
	used := total - free
	return entity.InodeStat{Mount: mount, Device: device, FSType: fstype, Total: total, Used: used, Free: free,
		Percent: float64(used) / float64(total) * 100}, true
}

// Statfs returns the inode count and free inodes of the filesystem holding
// path. It can block on a hung network mount: call it where a stuck call
// is bounded (the local collector's per-mount goroutine).
func Statfs(path string) (total, free uint64, err error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return 0, 0, fmt.Errorf("statfs %s: %w", path, err)
	}
	return st.Files, st.Ffree, nil
}

// ParseDf parses `df -P -T -i`: the same columns as `df -P -T -k` with
// inode counts (Inodes IUsed IFree IUse%, busybox says Used Available
// Capacity) where the block counts were, so procfs.ParseDf reads the
// lines (it scales by 1024, undone here) and mount points with spaces are
// handled once. A mount listed twice (over-mounted) is kept once, the
// first time; filesystems without inodes are left out.
func ParseDf(b []byte) ([]entity.InodeStat, error) {
	es, err := procfs.ParseDf(b)
	var out []entity.InodeStat
	seen := map[string]bool{}
	for _, e := range es {
		total, used, free := e.Total/1024, e.Used/1024, e.Avail/1024
		if seen[e.Mount] || total == 0 {
			continue
		}
		if used > total || free > total {
			return out, fmt.Errorf("df -i: %s: %d used and %d free of %d inodes", e.Mount, used, free, total)
		}
		if len(out) >= MaxFilesystems {
			return out, fmt.Errorf("df -i: more than %d filesystems", MaxFilesystems)
		}
		seen[e.Mount] = true
		s, _ := FromCounts(e.Mount, e.Device, e.FSType, total, free)
		s.Used = used // df's own count (reserved inodes aside, total-free)
		s.Percent = float64(used) / float64(total) * 100
		out = append(out, s)
	}
	if err != nil {
		return out, fmt.Errorf("df -i: %w", err)
	}
	return out, nil
}
