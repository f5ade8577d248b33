// Package diskio turns two readings of /proc/diskstats into per-device
// throughput: read and write bytes and requests per second, and
// utilisation (the share of the interval with I/O in flight, iostat's
// %util, from io_ticks). Only whole disks are reported (WholeDisk):
// partitions, loop, ram, zram, device-mapper and md devices would count
// the same bytes twice.
//
// Rates is pure; Meter keeps the previous reading between polls. The text
// is parsed by procfs.ParseDiskstats, the same for the local machine and
// an SSH remote (whose script already prints /proc/diskstats).
package diskio
