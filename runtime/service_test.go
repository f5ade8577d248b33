package runtime

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"lookout/entity"

	"lookout/config"
)

// hookServer is a generic webhook receiver on loopback that records the
// JSON bodies it is sent.
type hookServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []map[string]any
	got    chan struct{}
}

func newHookServer(t *testing.T) *hookServer {
	h := &hookServer{got: make(chan struct{}, 16)}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &body); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.bodies = append(h.bodies, body)
		h.mu.Unlock()
		h.got <- struct{}{}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookServer) wait(t *testing.T, match func(string) bool) string {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		h.mu.Lock()
		for _, b := range h.bodies {
			raw, _ := json.Marshal(b)
			if match(string(raw)) {
				h.mu.Unlock()
				return string(raw)
			}
		}
		h.mu.Unlock()
		select {
		case <-h.got:
		case <-deadline:
			t.Fatalf("no matching message; got %v", h.bodies)
		}
	}
}

func serviceConfig(t *testing.T, hookURL string) config.Config {
	t.Helper()
	doc := `
[[hosts]]
name = "busy"
local = true

[[channels]]
name = "hook"
type = "webhook"
url = "` + hookURL + `"

# Grouped, but quickly: the test waits for the message.
[notify]
group_wait = "200ms"
group_interval = "1s"
`
	cfg, err := config.Parse("test.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestServiceAlertAndReport: sustained high CPU on a host fires an alert
// that reaches a webhook with the host's top processes, and a report sent
// on demand reaches it too.
func TestServiceAlertAndReport(t *testing.T) {
	hook := newHookServer(t)
	cfg := serviceConfig(t, hook.URL)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m := New(cfg, log)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	svc, err := StartService(ctx, m, cfg, ServiceOptions{StateDir: dir + "/state", OutboxDir: dir + "/outbox", Log: log})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()

	// Five polls of a host at 99 % CPU, as the sampler would report them.
	now := time.Now()
	for i := 4; i >= 0; i-- {
		snap := entity.Snapshot{Host: "busy", Time: now.Add(-time.Duration(i) * time.Second),
			CPU: entity.CPUStat{Percent: 99, Cores: 2}, Mem: entity.MemStat{TotalBytes: 1 << 30, Percent: 20},
			Procs: entity.ProcStats{TopCPU: []entity.ProcStat{{PID: 4242, Name: "stress-ng", CPUPercent: 198}}}}
		m.Store.Append(snap)
		svc.Alerts.Observe(entity.HostStatus{Host: "busy", State: entity.StateOK}, snap, true)
	}
	msg := hook.wait(t, func(s string) bool { return strings.Contains(s, "busy") && strings.Contains(s, "cpu") })
	if !strings.Contains(msg, "stress-ng") {
		t.Errorf("alert lacks the top process: %s", msg)
	}
	if len(svc.Alerts.Active()) == 0 {
		t.Error("no active alert")
	}

	ids, err := svc.SendReport(ctx)
	if err != nil || len(ids) != 1 {
		t.Fatalf("SendReport: %v %v", ids, err)
	}
	hook.wait(t, func(s string) bool { return strings.Contains(s, "report") })
}
