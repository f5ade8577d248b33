package alert

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRestartWhileFiring(t *testing.T) {
	tests := []struct {
		name  string
		after []float64 // CPU after the restart
		want  []string  // events after the restart
	}{
		{"still high: no second firing", []float64{90, 90, 90, 90}, nil},
		{"drops: one resolution", []float64{90, 10, 10, 10, 10}, []string{"resolved:warning cpu"}},
		{"climbs: escalation", []float64{99, 99, 99}, []string{"firing:critical cpu from warning"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "[rules]\nrepeat = \"1h\"\n")
			for range 3 {
				h.poll("web", cpu(90))
				h.tick(10 * time.Second)
			}
			if got := short(h.all); !slices.Equal(got, []string{"firing:warning cpu"}) {
				t.Fatalf("before the restart: %v", got)
			}
			id := h.all[0].ID
			h.restart()
			if act := h.e.Active(); len(act) != 1 || act[0].ID != id || !act[0].Sent {
				t.Fatalf("restored alerts %+v", act)
			}
			if h.e.HostSeverity("web") != SeverityWarning {
				t.Errorf("host severity %q", h.e.HostSeverity("web"))
			}
			h.all = nil
			for _, v := range tt.after {
				h.poll("web", cpu(v))
				h.tick(10 * time.Second)
			}
			if got := short(h.all); !slices.Equal(got, tt.want) {
				t.Fatalf("after the restart: %v, want %v", got, tt.want)
			}
			for _, e := range h.all {
				if e.ID != id || !e.Start.Equal(t0) {
					t.Errorf("event %v belongs to another alert (id %s, start %v)", e, e.ID, e.Start)
				}
			}
		})
	}
}

func TestRestartKeepsTheRepeatSchedule(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\nrepeat = \"10m\"\n")
	h.poll("web", cpu(90))
	h.tick(time.Minute) // fires at t0+1m
	h.restart()
	for range 12 {
		h.poll("web", cpu(90))
		h.tick(time.Minute)
	}
	want := []string{"firing:warning cpu", "repeat:warning cpu"}
	if got := short(h.all); !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	if at := h.all[1].At.Sub(t0); at != 11*time.Minute {
		t.Errorf("repeat at %v, want 11m", at)
	}
}

func TestRestartResolvesRemovedRules(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\n")
	h.poll("web", func(s *engineSnapshot) { s.CPU.Percent = 99; s.Swap.Percent = 90 })
	h.poll("db", cpu(99))
	h.tick(time.Second)
	h.cfg = parseConfig(t, "[rules]\nsustain = 1\n[rules.swap]\nenabled = false\n")
	h.cfg.Hosts = h.cfg.Hosts[:1] // db is gone
	h.restart()
	h.all = nil
	h.tick(time.Second)
	got := short(h.all)
	slices.Sort(got)
	want := []string{"resolved:critical cpu", "resolved:critical swap"}
	if !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for _, e := range h.all {
		if e.Note == "" {
			t.Errorf("%v: a resolution without data should say why", e)
		}
	}
	// Reload does the same without a restart.
	h.poll("web", cpu(99))
	h.tick(time.Second)
	cfg := parseConfig(t, "[rules.cpu]\nenabled = false\n")
	h.reload(cfg)
	if got := short(h.tick(time.Second)); !slices.Equal(got, []string{"resolved:critical cpu"}) {
		t.Fatalf("after reload: %v", got)
	}
}

func TestRestartWhileFlapping(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\nhysteresis = 0\nflap_flips = 3\nflap_window = \"5m\"\n")
	for _, v := range []float64{81, 79, 81} {
		h.poll("web", cpu(v))
		h.tick(10 * time.Second)
	}
	h.restart()
	h.all = nil
	for range 40 {
		h.poll("web", cpu(50))
		h.tick(10 * time.Second)
	}
	if got := short(h.all); !slices.Equal(got, []string{"resolved:warning cpu"}) {
		t.Fatalf("events %v", got)
	}
}

func TestLogToleratesATornLine(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\n")
	h.poll("web", cpu(90))
	h.tick(time.Second)
	h.e.Close()
	path := filepath.Join(h.dir, LogFile)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A line in the middle that is not an event, and a torn last one.
	if _, err := f.WriteString("not json\n{\"id\":\"web/cpu/1\",\"kind\":\"reso"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if evs, err := ReadLog(path); err != nil || len(evs) != 1 {
		t.Fatalf("ReadLog: %d events, %v", len(evs), err)
	}
	h.start()
	h.all = nil
	h.poll("web", cpu(10))
	h.tick(time.Second)
	evs, err := ReadLog(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := short(evs); !slices.Equal(got, []string{"firing:warning cpu", "resolved:warning cpu"}) {
		t.Fatalf("log %v", got)
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), "reso\n") || strings.Contains(string(b), `"reso{`) {
		t.Errorf("the torn line was not cut off:\n%s", b)
	}
	if act := ActiveFrom(evs); len(act) != 0 {
		t.Errorf("active after resolution: %v", short(act))
	}
}

func TestLogCompaction(t *testing.T) {
	old := t0.Add(-60 * 24 * time.Hour)
	var evs []Event
	pad := strings.Repeat("x", 4000)
	for i := range 3000 {
		at := old.Add(time.Duration(i) * time.Minute)
		evs = append(evs, Event{ID: "web/cpu/" + at.String(), Kind: KindFiring, Host: "web", Key: "cpu", Start: at, At: at, Note: pad},
			Event{ID: "web/cpu/" + at.String(), Kind: KindResolved, Host: "web", Key: "cpu", Start: at, At: at.Add(time.Second), Note: pad})
	}
	open := Event{ID: "db/disk:/", Kind: KindFiring, Host: "db", Key: "disk:/", Severity: SeverityCritical, Start: old, At: old}
	recent := Event{ID: "web/mem/1", Kind: KindFiring, Host: "web", Key: "mem", Start: t0, At: t0}
	evs = append([]Event{open}, append(evs, recent)...)
	path := filepath.Join(t.TempDir(), LogFile)
	if err := os.WriteFile(path, encodeLines(evs), 0o600); err != nil {
		t.Fatal(err)
	}
	l, got, err := OpenLog(path, t0, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if len(got) != 2 || got[0].ID != open.ID || got[1].ID != recent.ID {
		t.Fatalf("compacted to %d events: %v", len(got), short(got))
	}
	if again, _ := ReadLog(path); len(again) != 2 {
		t.Fatalf("file holds %d events", len(again))
	}
}
