package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"lookout/entity"

	"lookout/config"
	"lookout/engine/history"
	"lookout/internal/paths"
)

// BenchmarkOpen6hHistory is the runtime's share of the window's start
// (#18: start to window shown ≤ 0.5 s with a 6 h history): Open and Close
// with a history of 10 hosts polled every second for 6 hours. The hosts
// are agents nobody serves (their polls fail at once).
func BenchmarkOpen6hHistory(b *testing.B) {
	dir := b.TempDir()
	dirs := paths.Dirs{Config: filepath.Join(dir, "config"), State: filepath.Join(dir, "state"),
		Data: filepath.Join(dir, "data"), Cache: filepath.Join(dir, "cache")}
	st, err := history.Open(history.Options{Dir: dirs.Data})
	if err != nil {
		b.Fatal(err)
	}
	end := time.Now()
	cfg := config.Default()
	cfg.Interval = config.Duration(time.Second)
	token := filepath.Join(dir, "token")
	if err := os.WriteFile(token, []byte("secret"), 0o600); err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		cfg.Hosts = append(cfg.Hosts, config.Host{Name: fmt.Sprintf("host-%02d", i+1), Agent: "http://127.0.0.1:1", TokenFile: token})
	}
	for k := 6 * 3600; k >= 0; k-- {
		at := end.Add(-time.Duration(k) * time.Second)
		for i, h := range cfg.Hosts {
			v := float64((k+i)%100) / 2
			st.Append(entity.Snapshot{Host: h.Name, Time: at, CPU: entity.CPUStat{Percent: v, PerCore: []float64{v, v, v, v}, Cores: 4},
				Mem: entity.MemStat{Percent: v}, Load: entity.LoadStat{Load1: v / 10},
				Disks: []entity.DiskStat{{Mount: "/", Percent: v}, {Mount: "/home", Percent: v / 2}},
				Net:   []entity.NetStat{{Iface: "eth0", RxBytesPerS: v * 1e3, TxBytesPerS: v}}})
		}
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := Open(context.Background(), Options{Config: &cfg, Dirs: &dirs, Tolerant: true, Log: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Problems()) > 0 {
			b.Fatal(r.Problems())
		}
		r.Close()
	}
}
