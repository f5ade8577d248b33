package containers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"lookout/entity"
)

// fakeEngine serves handler on a unix socket, as an engine would.
func fakeEngine(t testing.TB, h http.HandlerFunc) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "e.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return sock
}

func TestClientBounds(t *testing.T) {
	id := strings.Repeat("e", 64)
	gone := strings.Repeat("f", 64)
	sock := fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/version":
			w.Write([]byte(`{"Components":[{"Name":"Engine"}]}`))
		case r.URL.Path == "/containers/json":
			if r.URL.Query().Get("all") != "1" {
				http.Error(w, "want all=1", 400)
				return
			}
			w.Write([]byte(`[{"Id":"` + id + `","Names":["/big"],"State":"running"},{"Id":"` + gone + `","Names":["/gone"],"State":"running"}]`))
		case r.URL.Path == "/containers/"+gone+"/json":
			w.WriteHeader(404)
			w.Write([]byte(`{"message":"No such container"}`))
		case r.URL.Path == "/containers/"+id+"/json":
			w.Write([]byte(`{"Id":"` + id + `","Name":"/big","State":{"Status":"running"},"RestartCount":2}`))
		case r.URL.Path == "/containers/"+id+"/stats":
			if r.URL.Query().Get("stream") != "false" || r.URL.Query().Get("one-shot") != "true" {
				http.Error(w, "want stream=false&one-shot=true", 400)
				return
			}
			// An endless answer: the client must stop at MaxItemBytes.
			w.Write([]byte(`{"id":"` + id + `","networks":{`))
			pad := []byte(strings.Repeat(" ", 64<<10))
			for i := 0; i < 2*MaxItemBytes/len(pad); i++ {
				if _, err := w.Write(pad); err != nil {
					return
				}
			}
		default:
			http.Error(w, "unexpected "+r.URL.String(), 500)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	col := NewCollector(sock)
	defer col.Close()
	got, err := col.Collect(ctx)
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("err = %v, want the oversized stats refused", err)
	}
	if len(got) != 1 || got[0].Name != "big" || got[0].Restarts != 2 || got[0].State != "running" {
		t.Errorf("got %+v, want only big (gone was removed during the poll)", got)
	}
	if _, err := col.client.Stats(ctx, "../../images"); err == nil {
		t.Error("path-like ID accepted")
	}
	if _, err := col.client.Inspect(ctx, gone); !errors.Is(err, ErrNotFound) {
		t.Errorf("404 = %v, want ErrNotFound", err)
	}
}

func TestCollectNoEngine(t *testing.T) {
	col := NewCollector(filepath.Join(t.TempDir(), "absent.sock"))
	got, err := col.Collect(context.Background())
	if err == nil || got != nil {
		t.Errorf("Collect = %v, %v; want an error", got, err)
	}
}

// TestInspectCache: an unchanged list entry reuses the inspect, a changed
// status (a restart) or an old one asks again; a container that stopped
// after its inspect (Podman's empty stats) is no error.
func TestInspectCache(t *testing.T) {
	id := strings.Repeat("a", 64)
	var inspects, restarts atomic.Int32
	status := atomic.Value{}
	status.Store("Up 2 minutes")
	sock := fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/version":
			w.Write([]byte(`{"Components":[{"Name":"Podman Engine"}]}`))
		case p == "/containers/json":
			w.Write([]byte(`[{"Id":"` + id + `","Names":["/web"],"State":"running","Status":"` + status.Load().(string) + `"}]`))
		case strings.HasSuffix(p, "/json"):
			inspects.Add(1)
			fmt.Fprintf(w, `{"Id":"%s","Name":"/web","State":{"Status":"running"},"RestartCount":%d}`, id, restarts.Load())
		case strings.HasSuffix(p, "/stats"):
			// empty: stopped since the inspect
		}
	})
	col := NewCollector(sock)
	defer col.Close()
	clock := time.Unix(1000, 0)
	col.now = func() time.Time { return clock }
	poll := func() entity.ContainerStat {
		t.Helper()
		got, err := col.Collect(context.Background())
		if err != nil || len(got) != 1 {
			t.Fatalf("Collect = %+v, %v", got, err)
		}
		return got[0]
	}
	poll()
	restarts.Store(1)
	if c := poll(); inspects.Load() != 1 || c.Restarts != 0 {
		t.Errorf("unchanged entry: %d inspects, restarts %d; want 1, 0 (cached)", inspects.Load(), c.Restarts)
	}
	status.Store("Up 1 second")
	if c := poll(); inspects.Load() != 2 || c.Restarts != 1 {
		t.Errorf("changed status: %d inspects, restarts %d; want 2, 1", inspects.Load(), c.Restarts)
	}
	restarts.Store(2)
	clock = clock.Add(InspectMaxAge)
	if c := poll(); inspects.Load() != 3 || c.Restarts != 2 {
		t.Errorf("old entry: %d inspects, restarts %d; want 3, 2", inspects.Load(), c.Restarts)
	}
}
