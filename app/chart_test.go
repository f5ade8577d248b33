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

func TestChartCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.csv", "time,value\n2024-05-01T06:00:00Z,10\n2024-05-01T06:00:10Z,50\n2024-05-01T06:00:20Z,90\n")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
		wantPNG    bool
	}{
		{name: "bars", args: []string{"--input", good, "--title", "测试", "--out"}, wantPNG: true},
		{name: "smooth dark", args: []string{"--input", good, "--kind", "smooth", "--theme", "dark", "--width", "400", "--height", "200", "--out"}, wantPNG: true},
		{name: "empty file", args: []string{"--input", write("empty.csv", ""), "--out"}, wantCode: 1, wantStderr: "no data rows"},
		{name: "bad line", args: []string{"--input", write("bad.csv", "1714543200,1\n1714543210,x\n"), "--out"}, wantCode: 1, wantStderr: "bad.csv:2: value \"x\": not a number"},
		{name: "unsorted", args: []string{"--input", write("uns.csv", "20,1\n10,2\n"), "--out"}, wantCode: 1, wantStderr: "uns.csv:2: time"},
		{name: "unsorted with --sort", args: []string{"--sort", "--input", filepath.Join(dir, "uns.csv"), "--out"}, wantPNG: true},
		{name: "bad kind", args: []string{"--input", good, "--kind", "pie", "--out"}, wantCode: 1, wantStderr: "unknown chart kind"},
		{name: "too small", args: []string{"--input", good, "--width", "10", "--out"}, wantCode: 1, wantStderr: "too small"},
		{name: "missing file", args: []string{"--input", filepath.Join(dir, "nope.csv"), "--out"}, wantCode: 1, wantStderr: "no such file"},
		{name: "no arguments", args: nil, wantCode: 2, wantStderr: "Usage: lookout chart"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, "out"+string(rune('a'+i))+".png")
			args := append([]string{"chart"}, tt.args...)
			if len(tt.args) > 0 && tt.args[len(tt.args)-1] == "--out" {
				args = append(args, out)
			}
			var stdout, stderr bytes.Buffer
			env := &Env{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""),
				Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			code := run(context.Background(), env, args)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.wantStderr)
			}
			if tt.wantPNG {
				f, err := os.Open(out)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if _, err := png.Decode(f); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
