package app

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"lookout/entity"

	"lookout/engine/history"
)

func TestExport(t *testing.T) {
	dir := t.TempDir()
	st, err := history.Open(history.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range 3 {
		s := entity.Snapshot{Host: "web", Time: t0.Add(time.Duration(i) * 10 * time.Second), CPU: entity.CPUStat{Percent: float64(10 * (i + 1))},
			Mem: entity.MemStat{TotalBytes: 1, Percent: 50}}
		if err := st.Append(s); err != nil {
			t.Fatal(err)
		}
	}
	st.AppendGap("web", t0.Add(30*time.Second))
	st.Close()

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"csv", []string{"--from", "2026-03-01T11:00:00Z", "--to", "2026-03-01T13:00:00Z"}, 0,
			"time,value\n2026-03-01T12:00:00Z,10\n2026-03-01T12:00:10Z,20\n2026-03-01T12:00:20Z,30\n"},
		{"csv with gaps", []string{"--from", "2026-03-01T11:00:00Z", "--to", "2026-03-01T13:00:00Z", "--gaps", "--metric", "mem"}, 0,
			"time,value\n2026-03-01T12:00:00Z,50\n2026-03-01T12:00:10Z,50\n2026-03-01T12:00:20Z,50\n2026-03-01T12:00:30Z,NaN\n"},
		{"bad from", []string{"--from", "yesterday"}, 1, ""},
		{"bad format", []string{"--format", "xml", "--from", "2026-03-01T11:00:00Z", "--to", "2026-03-01T13:00:00Z"}, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			env := &Env{Stdout: &out, Stderr: &errb}
			args := append([]string{"export", "--dir", dir, "--host", "web"}, tt.args...)
			if code := run(context.Background(), env, args); code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errb.String())
			}
			if tt.want != "" && out.String() != tt.want {
				t.Errorf("output:\n%s\nwant:\n%s", out.String(), tt.want)
			}
		})
	}
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb}
	if code := run(context.Background(), env, []string{"export", "--dir", dir, "--host", "web", "--format", "json",
		"--from", "2026-03-01T11:00:00Z", "--to", "2026-03-01T13:00:00Z"}); code != 0 {
		t.Fatal(errb.String())
	}
	var e struct {
		Host   string
		Series []struct {
			Metric string
			Points []struct {
				T string
				V *float64
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &e); err != nil {
		t.Fatal(err)
	}
	if e.Host != "web" || len(e.Series) < 10 || e.Series[0].Points[3].V != nil {
		t.Errorf("json export: %s", out.String()[:min(400, out.Len())])
	}
	errb.Reset()
	if code := run(context.Background(), env, []string{"export", "--dir", dir, "--host", "nope"}); code != 1 || !strings.Contains(errb.String(), "hosts: web") {
		t.Errorf("unknown host: %s", errb.String())
	}
}
