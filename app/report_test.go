package app

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommandCollects runs lookout report with no history store: it
// polls this machine (the real local collector) briefly and writes the PNG.
func TestReportCommandCollects(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lookout.toml")
	if err := os.WriteFile(cfg, []byte("language = \"zh\"\n[[hosts]]\nname = \"本机\"\nlocal = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.png")
	var stdout, stderr bytes.Buffer
	env := &Env{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	code := run(context.Background(), env, []string{"--config", cfg, "report", "--collect", "2s", "--out", out})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"本机", "CPU", "Memory", "Load"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, stdout.String())
		}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 1080 {
		t.Errorf("width %d", img.Bounds().Dx())
	}

	// Sending needs the channels, which are wired by the notifier.
	stderr.Reset()
	code = run(context.Background(), env, []string{"--config", cfg, "report", "--send-all", "--out", ""})
	if code != 1 || !strings.Contains(stderr.String(), "need the chat channels") {
		t.Errorf("--send-all without channels: exit %d, %s", code, stderr.String())
	}
	stderr.Reset()
	code = run(context.Background(), env, []string{"--config", cfg, "report", "--hosts", "nope", "--collect", "1s"})
	if code != 1 || !strings.Contains(stderr.String(), "none of the hosts nope") {
		t.Errorf("unknown host: exit %d, %s", code, stderr.String())
	}
}
