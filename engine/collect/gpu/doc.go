// Package gpu reads graphics cards' utilisation, video memory,
// temperature and power.
//
// NVIDIA cards are read through nvidia-smi's CSV query (NvidiaArgs), as
// Beszel does: it needs no library, and the same command runs over SSH.
// AMD cards are read from the amdgpu driver's sysfs files under
// /sys/class/drm/cardN/device (gpu_busy_percent, mem_info_vram_used and
// _total, hwmon temp1_input and power1_average), through an fs.FS rooted
// at /sys so tests use fixture trees and the SSH collector a tree rebuilt
// from RemoteCommand's output.
//
// All of it is untrusted input (a remote host prints it): at most MaxGPUs
// cards are kept, names are cut at MaxNameLen, every figure is checked for
// range, and a figure the driver does not report ("[N/A]", "[Not
// Supported]", a missing file) is nil rather than 0.
package gpu
