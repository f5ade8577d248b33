// Command fleetserver is many fake pull agents in one process on one port,
// for measuring lookoutd against a large fleet (make bench,
// scripts/bench-daemon.sh): GET /h/N/api/v1/snapshot, with the bearer
// token of -token-file, serves host N's snapshot (an 8-core server with 3
// filesystems and 2 interfaces whose figures wander as a server's do).
// The agent client keeps a URL's path prefix, so host N's agent key is
// http://ADDR/h/N. It prints "ready ADDR" once it listens.
package main

import (
	"crypto/subtle"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"lookout/engine/collect/agent"
	"lookout/entity"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	tokenFile := flag.String("token-file", "", "file holding the bearer token")
	flag.Parse()
	b, err := os.ReadFile(*tokenFile)
	if err != nil {
		log.Fatal(err)
	}
	want := "Bearer " + strings.TrimSpace(string(b))
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	var mu sync.Mutex
	hosts := map[int]*host{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte(want)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		rest, ok := strings.CutPrefix(r.URL.Path, "/h/")
		n, path, _ := strings.Cut(rest, "/")
		i, err := strconv.Atoi(n)
		if !ok || err != nil || "/"+path != agent.SnapshotPath {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		hs := hosts[i]
		if hs == nil {
			hs = newHost(i)
			hosts[i] = hs
		}
		snap := hs.next(time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(snap)
	})
	fmt.Println("ready", ln.Addr())
	log.Fatal(http.Serve(ln, h))
}

// host is one fake server's wandering figures.
type host struct {
	rng   *rand.Rand
	name  string
	cpu   []float64
	mem   float64
	rx    float64
	first bool
}

func newHost(i int) *host {
	rng := rand.New(rand.NewPCG(uint64(i), 1))
	h := &host{rng: rng, name: fmt.Sprintf("host-%04d", i), cpu: make([]float64, 8), mem: 30 + rng.Float64()*40,
		rx: 1e5 + rng.Float64()*1e6, first: true}
	for c := range h.cpu {
		h.cpu[c] = 5 + rng.Float64()*40
	}
	return h
}

func (h *host) next(at time.Time) entity.Snapshot {
	var sum float64
	for c := range h.cpu {
		h.cpu[c] = math.Min(math.Max(h.cpu[c]+h.rng.NormFloat64()*2, 0), 100)
		sum += h.cpu[c]
	}
	cpu := sum / 8
	h.mem = math.Min(math.Max(h.mem+h.rng.NormFloat64()*0.05, 1), 99)
	h.rx = math.Max(h.rx*(1+h.rng.NormFloat64()*0.05), 0)
	s := entity.Snapshot{
		Host: h.name, Time: at, RatesUnknown: h.first,
		CPU:   entity.CPUStat{Percent: cpu, User: cpu * 0.7, System: cpu * 0.25, Cores: 8, PerCore: append([]float64(nil), h.cpu...)},
		Load:  entity.LoadStat{Load1: math.Round(cpu*8) / 100, Load5: math.Round(cpu*7) / 100, Load15: math.Round(cpu*6) / 100},
		Mem:   entity.MemStat{TotalBytes: 32 << 30, UsedBytes: uint64(h.mem / 100 * (32 << 30)), Percent: h.mem},
		Swap:  entity.SwapStat{TotalBytes: 4 << 30, Percent: 0.4},
		Disks: []entity.DiskStat{{Mount: "/", Percent: 41.5}, {Mount: "/var", Percent: 63.2}, {Mount: "/home", Percent: 12}},
		Net:   []entity.NetStat{{Iface: "eth0", RxBytesPerS: h.rx, TxBytesPerS: h.rx / 4}, {Iface: "eth1", RxBytesPerS: h.rx / 100, TxBytesPerS: h.rx / 200}},
		Temps: []entity.TempStat{{Sensor: "coretemp", Celsius: 48}},
		Procs: entity.ProcStats{Total: 312},
	}
	h.first = false
	return s
}
