package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"lookout/config"
	"lookout/entity"
	"lookout/internal/i18n"
	"lookout/internal/paths"
	"lookout/runtime"
	"lookout/views"
)

// TestSaveOffTheUIGoroutine: Settings → Save with a Prometheus fleet whose
// server is slow to answer its discovery must not hold the UI goroutine
// (#12 defect 11: the window froze for up to three host timeouts). The
// save returns at once; its result comes later through done.
func TestSaveOffTheUIGoroutine(t *testing.T) {
	fa := test.NewTempApp(t)
	release := make(chan struct{})
	prom := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		http.Error(w, "slow", http.StatusServiceUnavailable)
	}))
	defer prom.Close()
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	defer open()

	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	cfg := config.Default()
	cfg.Hosts = []config.Host{{Name: "box", Local: true}}
	if err := config.Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rt, err := runtime.Open(ctx, runtime.Options{ConfigPath: path, Config: &cfg, Tolerant: true, Log: quietLog(),
		Dirs: &paths.Dirs{ConfigFile: path, Config: dir, State: filepath.Join(dir, "state"), Data: filepath.Join(dir, "data"), Cache: dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	g := &gui{env: &Env{Log: quietLog()}, ctx: ctx, lang: i18n.EN, cfg: cfg, fa: fa, hosts: map[string]views.HostView{}}
	g.win = fa.NewWindow("t")
	g.problems = widget.NewLabel("")
	g.rt.Store(rt)
	g.grades.Store(&entity.DefaultGrades)
	g.mon, g.svc = rt.Monitor, rt.Service
	g.build()

	edited := cfg
	edited.Hosts = append(append([]config.Host(nil), cfg.Hosts...), config.Host{Name: "fleet", PromQL: prom.URL})
	done := make(chan error, 1)
	returned := make(chan struct{})
	go func() {
		g.saveConfig(edited, func(err error) { done <- err })
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("saveConfig held its caller (the UI goroutine) while the fleet's Prometheus was asked")
	}
	select {
	case err := <-done:
		t.Fatalf("done before the Prometheus server answered: %v", err)
	default:
	}
	open()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("save: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the save never finished")
	}
	if got := rt.Config(); len(got.Hosts) != 2 {
		t.Errorf("hosts in force after the save: %d, want 2", len(got.Hosts))
	}
}
