// Package fakeagent is a scripted Lookout pull agent for tests: a loopback
// HTTP server that speaks the agent's protocol (GET /api/v1/snapshot with a
// bearer token, the JSON of an entity.Snapshot) and serves the figures a
// test sets, so a scenario can raise a host's CPU to 97 % and back, or make
// the host stop answering and return.
package fakeagent

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"lookout/engine/collect/agent"
	"lookout/entity"
)

// Agent is one scripted agent.
type Agent struct {
	// Token is the bearer token every request must carry.
	Token string
	srv   *httptest.Server

	mu       sync.Mutex
	cpu      float64
	hang     bool
	resume   chan struct{} // closed when a hang ends
	served   int
	fresh    bool // the first reply on a connection has no rates
	refused  int
	stopOnce sync.Once
	stop     chan struct{}
}

// New starts an agent on 127.0.0.1 serving cpu percent of CPU and calm
// figures for everything else.
func New(t testing.TB, token string, cpu float64) *Agent {
	a := &Agent{Token: token, cpu: cpu, resume: make(chan struct{}), stop: make(chan struct{})}
	a.srv = httptest.NewUnstartedServer(http.HandlerFunc(a.serve))
	a.srv.Config.ConnContext = func(ctx context.Context, _ net.Conn) context.Context {
		return context.WithValue(ctx, connKey{}, new(bool))
	}
	a.srv.Start()
	t.Cleanup(a.Close)
	return a
}

// URL is the agent's base URL, as a host's agent key takes it.
func (a *Agent) URL() string { return a.srv.URL }

// Close stops the server and releases hanging requests.
func (a *Agent) Close() {
	a.stopOnce.Do(func() { close(a.stop) })
	a.srv.Close()
}

// connKey marks a request's connection: whether it was answered before.
type connKey struct{}

// FreshOnNewConnection makes the first snapshot served on every new
// connection a first reading, as an agent that has just started serves
// it: RatesUnknown set and its CPU figures 0 placeholders. A poller that
// reconnects (a restarted Lookout) gets one such snapshot first.
func (a *Agent) FreshOnNewConnection() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.fresh = true
}

// SetCPU sets the CPU percentage served from the next request on.
func (a *Agent) SetCPU(pct float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cpu = pct
}

// Hang makes the agent stop answering (true): requests are held until the
// client gives up, as a host that went away without closing its
// connections. Hang(false) makes it answer again.
func (a *Agent) Hang(on bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case on && !a.hang:
		a.resume = make(chan struct{})
	case !on && a.hang:
		close(a.resume)
	}
	a.hang = on
}

// Served is how many snapshots the agent answered with.
func (a *Agent) Served() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.served
}

// Refused is how many requests broke the protocol (wrong path, method or
// token).
func (a *Agent) Refused() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.refused
}

func (a *Agent) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != agent.SnapshotPath || r.Method != http.MethodGet || r.Header.Get("Authorization") != "Bearer "+a.Token {
		a.mu.Lock()
		a.refused++
		a.mu.Unlock()
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	a.mu.Lock()
	hang, resume := a.hang, a.resume
	a.mu.Unlock()
	if hang {
		select {
		case <-r.Context().Done():
		case <-a.stop:
		case <-resume:
		}
		return // the client gave up, or the hang ended: this request gets nothing
	}
	a.mu.Lock()
	s := snapshot(a.cpu, time.Now())
	if answered, _ := r.Context().Value(connKey{}).(*bool); answered != nil {
		if a.fresh && !*answered {
			s.RatesUnknown = true
			s.CPU = entity.CPUStat{PerCore: []float64{0, 0}, Cores: 2}
			s.Net[0].RxBytesPerS, s.Net[0].TxBytesPerS = 0, 0
		}
		*answered = true
	}
	a.served++
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(s)
}

// snapshot is a two-core host with cpu percent busy and everything else
// calm (memory 30 %, disk 40 %, load 0.2, no swap).
func snapshot(cpu float64, now time.Time) entity.Snapshot {
	const total = 8 << 30
	used := uint64(total * 3 / 10)
	return entity.Snapshot{
		Host: "agent", Time: now.UTC(),
		CPU:  entity.CPUStat{Percent: cpu, User: cpu * 0.8, System: cpu * 0.2, PerCore: []float64{cpu, cpu}, Cores: 2},
		Load: entity.LoadStat{Load1: 0.4, Load5: 0.3, Load15: 0.2},
		Mem:  entity.MemStat{TotalBytes: total, UsedBytes: used, AvailableBytes: total - used, Percent: 30},
		Disks: []entity.DiskStat{{Mount: "/", Device: "/dev/vda1", FSType: "ext4", TotalBytes: 100 << 30,
			UsedBytes: 40 << 30, FreeBytes: 60 << 30, Percent: 40}},
		Net:     []entity.NetStat{{Iface: "eth0", RxBytesPerS: 1000, TxBytesPerS: 500, RxBytesTotal: 1 << 20, TxBytesTotal: 1 << 19}},
		UptimeS: 86400,
		Procs:   entity.ProcStats{Total: 100, Counts: map[string]int{}},
	}
}
