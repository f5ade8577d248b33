// Package inodes reads filesystems' inode tables: a full table stops a
// server as surely as a full disk, with free bytes to spare.
//
// ParseDf reads `df -P -T -i` (GNU coreutils and busybox), which the SSH
// collector runs on a remote (RemoteCommand); FromCounts builds the figure
// from a local statfs (Files and Ffree, which gopsutil's disk.Usage
// already returns as InodesTotal and InodesFree, so the local collector's
// one statfs per mount serves both). Filesystems without a fixed table
// (btrfs, network filesystems: 0 inodes) are left out.
package inodes
