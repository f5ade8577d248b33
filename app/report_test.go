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

	"lookout/internal/fake"
)

// TestReportCommandCollects runs lookout report with no history store: it
// polls this machine (the real local collector) briefly and writes the PNG.
func TestReportCommandCollects(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir) // no history on disk

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
	for _, want := range []string{"本机", "CPU", "内存", "负载", "报告"} {
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

	// With no channel configured there is nowhere to send it.
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	stderr.Reset()
	code = run(context.Background(), env, []string{"--config", cfg, "report", "--send-all", "--collect", "1s", "--out", ""})
	if code != 1 || !strings.Contains(stderr.String(), "no channel takes reports") {
		t.Errorf("--send-all without channels: exit %d, %s", code, stderr.String())
	}
	stderr.Reset()
	code = run(context.Background(), env, []string{"--config", cfg, "report", "--hosts", "nope", "--collect", "1s"})
	if code != 1 || !strings.Contains(stderr.String(), "none of the hosts nope") {
		t.Errorf("unknown host: exit %d, %s", code, stderr.String())
	}
}

// TestReportSend: lookout report --send delivers the report to a strict
// fake WeCom robot and prints the service's answer.
func TestReportSend(t *testing.T) {
	wecom := fake.NewWeCom(t, "k")
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	t.Setenv("XDG_DATA_HOME", dir)
	cfg := filepath.Join(dir, "lookout.toml")
	os.WriteFile(cfg, []byte("[[hosts]]\nname = \"box\"\nlocal = true\n\n[[channels]]\nname = \"ops\"\ntype = \"wecom\"\nwebhook = \""+wecom.Webhook()+"\"\n"), 0o600)
	out, errOut, code := runCLI(t, "--config", cfg, "report", "--send", "ops", "--collect", "1s", "--out", "")
	if code != 0 || !strings.Contains(out, "sent to ops") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	got := wecom.Got()
	if len(got) < 2 || got[0].Type != "markdown" || !strings.Contains(got[0].Content, "box") || got[1].Type != "image" {
		t.Errorf("WeCom got %+v", got)
	}
	if v := wecom.Violations(); len(v) > 0 {
		t.Errorf("contract violations: %v", v)
	}
}
