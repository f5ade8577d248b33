package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine"
	"lookout/engine/collect/agent"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testEnv() (*env, *syncBuffer, *syncBuffer) {
	out, errb := &syncBuffer{}, &syncBuffer{}
	return &env{stdout: out, stderr: errb, log: slog.New(slog.NewTextHandler(errb, nil))}, out, errb
}

func TestAgentRefusesWithoutToken(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no token file", []string{"agent", "--listen", "127.0.0.1:0"}, "refuses to serve without a token"},
		{"absent token file", []string{"agent", "--listen", "127.0.0.1:0", "--token-file", "/nonexistent/token"}, "no such file"},
		{"empty token file", []string{"agent", "--listen", "127.0.0.1:0", "--token-file", empty}, "is empty"},
		{"cert without key", []string{"agent", "--token-file", empty, "--tls-cert", "c.pem"}, "go together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, errb := testEnv()
			if code := run(context.Background(), e, tt.args); code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if !strings.Contains(errb.String(), tt.want) {
				t.Errorf("stderr %q, want %q", errb.String(), tt.want)
			}
		})
	}
}

// TestAgentServes runs the agent command and polls it with the agent
// collector, as a workstation does.
func TestAgentServes(t *testing.T) {
	tokFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokFile, []byte("0123456789abcdef-token\n"), 0o600)
	e, out, errb := testEnv()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- run(ctx, e, []string{"agent", "--listen", "127.0.0.1:0", "--token-file", tokFile, "--host", "box"})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("agent exited %d: %s", code, errb.String())
		}
	}()
	re := regexp.MustCompile(`serving (http://\S+)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == ""; time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("agent did not start: %s", errb.String())
		}
	}
	resp, err := http.Get(url + agent.SnapshotPath)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("no token: %d", resp.StatusCode)
	}
	c, err := agent.New(agent.Options{Name: "db1", URL: url, Token: "0123456789abcdef-token"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Host != "db1" || s.CPU.Cores == 0 {
		t.Errorf("snapshot %+v", s)
	}
	bad, _ := agent.New(agent.Options{Name: "db1", URL: url, Token: "nope"})
	if _, err := bad.Collect(context.Background()); engine.KindOf(err) != entity.KindAuth {
		t.Errorf("wrong token: %v", err)
	}
}
