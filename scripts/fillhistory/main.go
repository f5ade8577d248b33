// Command fillhistory writes hours of made-up samples into the history
// database of the state directories the environment names (as lookout and
// lookoutd resolve them), for measuring a start with a long history
// (scripts/bench-window.sh HISTORY=6h): -hosts hosts named host-01.. at
// -interval, ending now. The figures wander as a server's do.
package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"time"

	"lookout/entity"

	"lookout/engine/history"
	"lookout/internal/paths"
)

func main() {
	hosts := flag.Int("hosts", 10, "hosts, named host-01, host-02, ...")
	span := flag.Duration("span", 6*time.Hour, "history to write, ending now")
	interval := flag.Duration("interval", time.Second, "time between samples")
	flag.Parse()
	dirs, err := paths.Resolve()
	if err != nil {
		log.Fatal(err)
	}
	st, err := history.Open(history.Options{Dir: dirs.Data})
	if err != nil {
		log.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	walk := func(v, lo, hi float64) float64 { return math.Min(hi, math.Max(lo, v+rng.NormFloat64())) }
	type state struct{ cpu, mem, disk, net float64 }
	sts := make([]state, *hosts)
	for i := range sts {
		sts[i] = state{20, 40, 60, 1e5}
	}
	end := time.Now()
	n := int(*span / *interval)
	for k := n; k >= 0; k-- {
		at := end.Add(-time.Duration(k) * *interval)
		for i := range sts {
			s := &sts[i]
			s.cpu, s.mem, s.disk, s.net = walk(s.cpu, 0, 100), walk(s.mem, 5, 95), walk(s.disk, 1, 99), math.Max(0, s.net+1e3*rng.NormFloat64())
			snap := entity.Snapshot{Host: fmt.Sprintf("host-%02d", i+1), Time: at,
				CPU:  entity.CPUStat{Percent: s.cpu, User: s.cpu * 0.7, System: s.cpu * 0.3, PerCore: []float64{s.cpu, s.cpu / 2, s.cpu, s.cpu / 3}, Cores: 4},
				Load: entity.LoadStat{Load1: s.cpu / 25, Load5: s.cpu / 25, Load15: s.cpu / 25},
				Mem:  entity.MemStat{TotalBytes: 16 << 30, UsedBytes: uint64(s.mem / 100 * (16 << 30)), Percent: s.mem},
				Disks: []entity.DiskStat{{Mount: "/", FSType: "ext4", TotalBytes: 100 << 30, UsedBytes: uint64(s.disk / 100 * (100 << 30)), Percent: s.disk},
					{Mount: "/home", FSType: "ext4", TotalBytes: 500 << 30, UsedBytes: uint64(s.disk / 200 * (500 << 30)), Percent: s.disk / 2}},
				DiskIO: entity.DiskIOStat{ReadBytesPerS: s.net, WriteBytesPerS: s.net / 2},
				Net:    []entity.NetStat{{Iface: "eth0", RxBytesPerS: s.net, TxBytesPerS: s.net / 3}},
			}
			if err := st.Append(snap); err != nil {
				log.Fatal(err)
			}
		}
	}
	if err := st.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("filled", st.Path())
}
