package agent

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/collect/local"
	"lookout/internal/testenv"
)

const token = "s3cret-t0ken"

func newAgent(t *testing.T) *Handler {
	t.Helper()
	h, err := NewHandler(HandlerOptions{Token: []byte(token + "\n"[:0]), Warmup: 10 * time.Millisecond,
		Log: slog.New(slog.DiscardHandler),
		New: func(k, r []string) engine.Collector {
			return local.New(local.Options{Host: "agent-box", Keywords: k, Required: r, TopN: 5})
		}})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(t *testing.T, url, auth string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHandlerAuth(t *testing.T) {
	srv := httptest.NewServer(newAgent(t))
	defer srv.Close()
	tests := []struct {
		name, path, auth string
		status           int
	}{
		{"no token", SnapshotPath, "", 401},
		{"wrong token", SnapshotPath, "Bearer wrong", 401},
		{"token prefix", SnapshotPath, "Bearer " + token[:5], 401},
		{"basic scheme", SnapshotPath, "Basic " + token, 401},
		{"no token on metrics", MetricsPath, "", 401},
		{"no token on unknown path", "/admin", "", 401},
		{"good token", SnapshotPath, "Bearer " + token, 200},
		{"good token, lower-case scheme", MetricsPath, "bearer " + token, 200},
		{"unknown path", "/api/v2/snapshot", "Bearer " + token, 404},
		{"bad process name", SnapshotPath + "?require=a%3Brm", "Bearer " + token, 400},
		{"raw semicolon", SnapshotPath + "?require=a;rm", "Bearer " + token, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, srv.URL+tt.path, tt.auth)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if tt.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if strings.Contains(body, token) && tt.status != 200 {
				t.Error("the token appears in the response")
			}
		})
	}
	resp, err := http.Post(srv.URL+SnapshotPath, "text/plain", nil)
	if err == nil && resp.StatusCode != 401 {
		t.Errorf("POST without token: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+SnapshotPath, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 405 {
		t.Errorf("POST: %v %v", resp, err)
	}
	if _, err := NewHandler(HandlerOptions{Token: []byte(" \n"), New: func(k, r []string) engine.Collector { return nil }}); err == nil {
		t.Error("empty token accepted")
	}
}

func TestHandlerSnapshotAndMetrics(t *testing.T) {
	srv := httptest.NewServer(newAgent(t))
	defer srv.Close()
	resp, body := get(t, srv.URL+SnapshotPath+"?count=go&require=no-such-daemon", "Bearer "+token)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var s entity.Snapshot
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	if s.Host != "agent-box" || s.CPU.Cores == 0 || s.Mem.TotalBytes == 0 || len(s.Procs.Missing) != 1 || s.Procs.Counts["go"] < 1 {
		t.Errorf("snapshot %+v", s)
	}

	resp, body = get(t, srv.URL+MetricsPath+"?require=no-such-daemon", "Bearer "+token)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{"\nnode_load1 ", "\nnode_memory_MemTotal_bytes ", "node_filesystem_avail_bytes{device=",
		"lookout_cpu_usage_percent{mode=\"busy\"}", `lookout_process_missing{name="no-such-daemon"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	promtool := testenv.Require(t, "promtool")
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.CombinedOutput()
	if err != nil {
		// Exit 3 is lint only; node_exporter's own memory names are
		// camelCase, which promtool's linter dislikes. Anything else fails.
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if !strings.HasPrefix(l, "node_memory_") || !strings.Contains(l, "camelCase") {
				t.Errorf("promtool check metrics: %v\n%s", err, out)
				break
			}
		}
	}
}

func TestMetricsEscaping(t *testing.T) {
	var b strings.Builder
	s := entity.Snapshot{Time: time.Unix(100, 0), Disks: []entity.DiskStat{{Mount: "/mnt/a \"b\"\\c\nd", Device: "x", FSType: "ext4"}}}
	WriteMetrics(&b, s)
	if !strings.Contains(b.String(), `mountpoint="/mnt/a \"b\"\\c\nd"`) {
		t.Errorf("label not escaped:\n%s", b.String())
	}
}

// TestClientAgainstAgent polls a real agent over TLS with its certificate
// as the CA file.
func TestClientAgainstAgent(t *testing.T) {
	srv := httptest.NewTLSServer(newAgent(t))
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)

	c, err := New(Options{Name: "db1", URL: srv.URL, Token: token, CAFile: ca, Required: []string{"no-such-daemon"}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Host != "db1" || s.Mem.TotalBytes == 0 || len(s.Procs.Missing) != 1 {
		t.Errorf("snapshot %+v", s)
	}

	bad, _ := New(Options{Name: "db1", URL: srv.URL, Token: "wrong", CAFile: ca})
	_, err = bad.Collect(context.Background())
	if k := engine.KindOf(err); k != entity.KindAuth || strings.Contains(err.Error(), "wrong") {
		t.Errorf("wrong token: kind %q, %v", k, err)
	}
	noCA, _ := New(Options{Name: "db1", URL: srv.URL, Token: token})
	_, err = noCA.Collect(context.Background())
	if k := engine.KindOf(err); k != entity.KindUntrusted {
		t.Errorf("unknown certificate: kind %q, %v", k, err)
	}
}

func TestClientErrors(t *testing.T) {
	good, _ := json.Marshal(entity.Snapshot{Host: "x", Time: time.Unix(100, 0)})
	tests := []struct {
		name, ctype, body string
		status            int
		kind              entity.ErrorKind
		want              string
	}{
		{"truncated", "application/json", string(good[:len(good)/2]), 200, entity.KindProtocol, "truncated snapshot JSON"},
		{"garbage", "application/json", "\x00\x01garbage{{", 200, entity.KindProtocol, "invalid snapshot JSON at byte"},
		{"html", "text/html", "<html>proxy error</html>", 200, entity.KindProtocol, "want application/json"},
		{"empty", "application/json", "", 200, entity.KindProtocol, "empty response"},
		{"trailing", "application/json", string(good) + "{}", 200, entity.KindProtocol, "data after the snapshot"},
		{"wrong types", "application/json", `{"time":"2024-01-01T00:00:00Z","cpu":{"cores":"many"}}`, 200, entity.KindProtocol, "not a snapshot"},
		{"not a snapshot", "application/json", `{"hello":"world"}`, 200, entity.KindProtocol, "no time"},
		{"server error", "text/plain", "boom", 500, entity.KindProtocol, "500 Internal Server Error"},
		{"unauthorized", "text/plain", "no", 401, entity.KindAuth, "rejected the token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer "+token {
					w.WriteHeader(401)
					return
				}
				w.Header().Set("Content-Type", tt.ctype)
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c, _ := New(Options{Name: "h", URL: srv.URL, Token: token})
			_, err := c.Collect(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			if k := engine.KindOf(err); k != tt.kind || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("kind %q, error %q; want %q containing %q", k, err, tt.kind, tt.want)
			}
			if strings.Contains(err.Error(), token) {
				t.Error("token in the error")
			}
		})
	}
	t.Run("cut connection", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "100000")
			w.Write(good[:20])
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		}))
		defer srv.Close()
		c, _ := New(Options{Name: "h", URL: srv.URL, Token: token})
		if _, err := c.Collect(context.Background()); err == nil || engine.KindOf(err) != entity.KindProtocol {
			t.Errorf("error %v", err)
		}
	})
	t.Run("refused", func(t *testing.T) {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := l.Addr().String()
		l.Close()
		c, _ := New(Options{Name: "h", URL: "http://" + addr, Token: token})
		if _, err := c.Collect(context.Background()); engine.KindOf(err) != entity.KindRefused {
			t.Errorf("error %v", err)
		}
	})
	t.Run("bad options", func(t *testing.T) {
		for _, o := range []Options{{URL: "ftp://x", Token: "t"}, {URL: "http://x"}, {URL: "http://u:pw@[::1", Token: "t"}} {
			if _, err := New(o); err == nil || strings.Contains(err.Error(), "pw") {
				t.Errorf("%+v: %v", o, err)
			}
		}
	})
}

func FuzzDecodeSnapshot(f *testing.F) {
	good, _ := json.Marshal(entity.Snapshot{Host: "x", Time: time.Unix(100, 0), Disks: []entity.DiskStat{{Mount: "/"}}})
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(`{"time":"2024-01-01T00:00:00Z","cpu":{"per_core":[1,2,"x"]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = DecodeSnapshot(b)
	})
}
