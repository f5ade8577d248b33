package alert

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// series builds a sequence: values given as runs, e.g. run(90, 3).
func run(v float64, n int) []float64 { return slices.Repeat([]float64{v}, n) }

func cat(parts ...[]float64) []float64 { return slices.Concat(parts...) }

// TestMachine feeds a CPU series to host web, one poll and one evaluation
// every 10 s, and checks the events by sample index.
func TestMachine(t *testing.T) {
	tests := []struct {
		name   string
		cfg    string
		series []float64
		want   []string // "index kind:severity key"
	}{
		{"a single spike does not fire", "", []float64{99, 10, 10, 10, 99, 10}, nil},
		{"sustained warning fires once", "", run(85, 8),
			[]string{"2 firing:warning cpu"}},
		{"too few samples never fire", "", run(99, 2), nil},
		{"escalates to critical and back", "", cat(run(85, 3), run(99, 3), run(88, 3)),
			[]string{"2 firing:warning cpu", "5 firing:critical cpu from warning", "8 firing:warning cpu from critical"}},
		{"resolves when the average drops", "", cat(run(90, 3), run(10, 4)),
			[]string{"2 firing:warning cpu", "3 resolved:warning cpu"}},
		{"hysteresis keeps it firing until below the margin", "[rules]\nsustain = 1\n",
			[]float64{85, 78, 76, 81, 75.5, 75, 74},
			[]string{"0 firing:warning cpu", "5 resolved:warning cpu"}},
		{"without hysteresis it fires and clears at the line", "[rules]\nsustain = 1\nhysteresis = 0\n",
			[]float64{81, 79, 81, 79},
			[]string{"0 firing:warning cpu", "1 resolved:warning cpu", "2 firing:warning cpu", "3 resolved:warning cpu"}},
		{"for holds it pending", "[rules]\nsustain = 1\nfor = \"30s\"\n", cat(run(90, 5), run(10, 1)),
			[]string{"3 firing:warning cpu", "5 resolved:warning cpu"}},
		{"for starts again when the condition breaks", "[rules]\nsustain = 1\nfor = \"30s\"\n",
			[]float64{90, 90, 10, 90, 90, 90, 90},
			[]string{"6 firing:warning cpu"}},
		{"repeat every minute", "[rules]\nsustain = 1\nrepeat = \"1m\"\n", run(90, 14),
			[]string{"0 firing:warning cpu", "6 repeat:warning cpu", "12 repeat:warning cpu"}},
		{"repeat 0 never repeats", "[rules]\nsustain = 1\nrepeat = \"0s\"\n", run(90, 30),
			[]string{"0 firing:warning cpu"}},
		{"per-rule repeat", "[rules]\nsustain = 1\n[rules.cpu]\nrepeat = \"30s\"\n", run(90, 7),
			[]string{"0 firing:warning cpu", "3 repeat:warning cpu", "6 repeat:warning cpu"}},
		{"an escalation is sent at once and restarts the repeat", "[rules]\nsustain = 1\nrepeat = \"1m\"\n",
			cat(run(90, 4), run(99, 8)),
			[]string{"0 firing:warning cpu", "4 firing:critical cpu from warning", "10 repeat:critical cpu"}},
		{"flapping is held with one message", "[rules]\nsustain = 1\nhysteresis = 0\nflap_flips = 4\nflap_window = \"10m\"\n",
			cat([]float64{81, 79, 81, 79, 81, 79, 81, 79}, run(79, 60)),
			[]string{"0 firing:warning cpu", "1 resolved:warning cpu", "2 firing:warning cpu", "3 flapping:warning cpu",
				"67 resolved:warning cpu"}},
		{"flapping that settles high fires", "[rules]\nsustain = 1\nhysteresis = 0\nflap_flips = 3\nflap_window = \"1m\"\n",
			cat([]float64{81, 79, 81}, run(81, 8)),
			[]string{"0 firing:warning cpu", "1 resolved:warning cpu", "2 flapping:warning cpu", "8 firing:warning cpu"}},
		{"a disabled rule never fires", "[rules.cpu]\nenabled = false\n", run(99, 5), nil},
		{"a host override applies", "", run(85, 5), []string{"2 firing:warning cpu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.cfg)
			var got []string
			for i, v := range tt.series {
				h.poll("web", cpu(v))
				for _, s := range short(h.tick(10 * time.Second)) {
					got = append(got, fmt.Sprintf("%d %s", i, s))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestEventContent(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 2\n")
	for _, v := range []float64{50, 90, 98, 99, 70, 10, 10} {
		h.poll("web", cpu(v))
		h.tick(10 * time.Second)
	}
	got := short(h.all)
	want := []string{"firing:warning cpu", "firing:critical cpu from warning", "firing:warning cpu from critical", "resolved:warning cpu"}
	if !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	fire, res := h.all[0], h.all[3]
	if fire.Value != 94 || fire.Threshold != 80 || fire.Unit != "%" || fire.Metric != "cpu" || fire.Host != "web" || fire.Rule != "cpu" {
		t.Errorf("firing event %+v", fire)
	}
	if len(fire.TopCPU) != 5 || fire.TopCPU[0].Name != "a" || len(fire.TopMem) != 1 {
		t.Errorf("top processes %v %v", fire.TopCPU, fire.TopMem)
	}
	if len(fire.History) != 3 || fire.History[2].V != 98 {
		t.Errorf("history %v", fire.History)
	}
	// The condition began with the first sample over 80 (90 at t0+10s),
	// before the average of two crossed.
	if !fire.Start.Equal(t0.Add(10*time.Second)) || fire.Duration != 20*time.Second {
		t.Errorf("firing event starts %v, lasted %v; want t0+10s, 20s", fire.Start, fire.Duration)
	}
	if res.ID != fire.ID || res.Peak != 98.5 || res.Duration != 50*time.Second || !res.Start.Equal(fire.Start) || res.Value != 40 {
		t.Errorf("resolved event %+v", res)
	}
	if len(h.sent) != 4 {
		t.Errorf("%d rounds sent, want 4", len(h.sent))
	}
}

func TestEachMountIsARule(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\n[rules.disk.mounts.\"/data\"]\nwarning = 97\ncritical = 99\n")
	disks := func(root, data float64) func(*engineSnapshot) {
		return func(s *engineSnapshot) { s.Disks[0].Percent, s.Disks[1].Percent = root, data }
	}
	h.poll("web", disks(90, 96))
	got := short(h.tick(10 * time.Second))
	h.poll("web", disks(90, 98))
	got = append(got, short(h.tick(10*time.Second))...)
	// /data is unmounted: its alert is resolved, not left open forever.
	h.poll("web", func(s *engineSnapshot) { s.Disks = s.Disks[:1]; s.Disks[0].Percent = 90 })
	got = append(got, short(h.tick(10*time.Second))...)
	want := []string{"firing:warning disk:/", "firing:warning disk:/data", "resolved:warning disk:/data"}
	if !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	if ev := h.all[1]; ev.Metric != "disk:/data" || ev.Threshold != 97 || len(ev.History) != 2 {
		t.Errorf("mount event %+v", ev)
	}
	if h.all[2].Note == "" {
		t.Errorf("a vanished mount's resolution should say why")
	}
}

func TestOtherRules(t *testing.T) {
	type mut = func(*engineSnapshot)
	tests := []struct {
		name string
		cfg  string
		bad  mut
		want string
		unit string
	}{
		{"memory", "", func(s *engineSnapshot) { s.Mem.Percent = 96 }, "firing:critical mem", "%"},
		{"swap", "", func(s *engineSnapshot) { s.Swap.Percent = 60 }, "firing:warning swap", "%"},
		{"load per core", "", func(s *engineSnapshot) { s.Load.Load1 = 8 }, "firing:warning load_per_core", ""},
		{"temperature", "", func(s *engineSnapshot) { s.Temps = append(s.Temps, tempStat("gpu", 97)) }, "firing:critical temp", "°C"},
		{"network receive", "[rules.net_rx]\nwarning = 1e6\n", func(s *engineSnapshot) { s.Net = []netStat{{Iface: "eth0", RxBytesPerS: 2e6}} }, "firing:warning net_rx", "B/s"},
		{"network send", "[rules.net_tx]\ncritical = 1e6\n", func(s *engineSnapshot) { s.Net = []netStat{{Iface: "eth0", TxBytesPerS: 2e6}} }, "firing:critical net_tx", "B/s"},
		{"process missing", "", func(s *engineSnapshot) { s.Procs.Missing = []string{"nginx"} }, "firing:critical process:nginx", ""},
		{"process missing at warning", "[rules.process]\nseverity = \"warning\"\n", func(s *engineSnapshot) { s.Procs.Missing = []string{"nginx"} }, "firing:warning process:nginx", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "[rules]\nsustain = 1\n"+tt.cfg)
			for range 3 {
				h.poll("web", tt.bad)
				h.tick(10 * time.Second)
			}
			for range 3 {
				h.poll("web", nil)
				h.tick(10 * time.Second)
			}
			name := strings.Fields(tt.want)[1]
			want := []string{tt.want, "resolved:" + strings.Split(strings.Fields(tt.want)[0], ":")[1] + " " + name}
			if got := short(h.all); !slices.Equal(got, want) {
				t.Fatalf("events %v, want %v", got, want)
			}
			if h.all[0].Unit != tt.unit {
				t.Errorf("unit %q, want %q", h.all[0].Unit, tt.unit)
			}
		})
	}
}

func TestPartialFailureHoldsTheRule(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\n")
	h.poll("web", func(s *engineSnapshot) { s.Disks[0].Percent = 99 })
	h.tick(10 * time.Second)
	// The disks could not be read: no resolution for lack of data.
	h.poll("web", func(s *engineSnapshot) { s.Disks = nil; s.SetError("disks", fmt.Errorf("statfs timed out")) })
	if evs := h.tick(10 * time.Second); len(evs) != 0 {
		t.Fatalf("events after a failed part: %v", short(evs))
	}
	if got := short(h.all); !slices.Equal(got, []string{"firing:critical disk:/"}) {
		t.Fatalf("events %v", got)
	}
}

func TestUnreachableHoldsOtherRules(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\nrepeat = \"1m\"\n")
	h.poll("web", cpu(99))
	h.poll("db", cpu(99))
	h.tick(10 * time.Second)
	// web goes down for 10 minutes: one unreachable alert, no repeats and
	// no resolutions of its stale CPU alert; db goes on.
	for range 60 {
		h.fail("web", "unreachable", "dial tcp 127.0.0.1:22: connect: connection refused")
		h.poll("db", cpu(99))
		h.tick(10 * time.Second)
	}
	var web []string
	for _, e := range h.all {
		if e.Host == "web" && e.Kind != KindRepeat {
			web = append(web, fmt.Sprintf("%s:%s %s", e.Kind, e.Severity, e.Key))
		}
	}
	if want := []string{"firing:critical cpu", "firing:critical unreachable"}; !slices.Equal(web, want) {
		t.Fatalf("web events %v, want %v", web, want)
	}
	if n := countKind(h.all, "web", KindRepeat); n != 9 {
		t.Errorf("web repeats %d, want 9 (of the unreachable alert)", n)
	}
	for _, e := range h.all {
		if e.Host == "web" && e.Key == "cpu" && e.Kind == KindRepeat {
			t.Errorf("a stale CPU alert of an unreachable host repeated: %v", e)
		}
	}
	if n := countKind(h.all, "db", KindRepeat); n != 10 {
		t.Errorf("db repeats %d, want 10", n)
	}
	unr := h.all[slices.IndexFunc(h.all, func(e Event) bool { return e.Key == "unreachable" })]
	if !strings.Contains(unr.Note, "connection refused") || unr.Metric != "" {
		t.Errorf("unreachable event %+v", unr)
	}
	// Back, and calm: the unreachable alert resolves at once; the CPU
	// rule needs a fresh sample.
	h.poll("web", cpu(10))
	evs := h.tick(10 * time.Second)
	var got []string
	for _, e := range evs {
		if e.Host == "web" {
			got = append(got, fmt.Sprintf("%s:%s %s", e.Kind, e.Severity, e.Key))
		}
	}
	if want := []string{"resolved:critical cpu", "resolved:critical unreachable"}; !slices.Equal(got, want) {
		t.Fatalf("after recovery %v, want %v", got, want)
	}
}

func TestKeyChanged(t *testing.T) {
	h := newHarness(t, "")
	h.poll("web", nil)
	h.tick(10 * time.Second)
	h.fail("web", "key_changed", "host key changed: SHA256:abc")
	evs := h.tick(10 * time.Second)
	if got := short(evs); !slices.Equal(got, []string{"firing:critical key_changed"}) {
		t.Fatalf("events %v", got)
	}
}

func countKind(evs []Event, host string, k Kind) int {
	n := 0
	for _, e := range evs {
		if e.Host == host && e.Kind == k {
			n++
		}
	}
	return n
}

func TestValueFormatting(t *testing.T) {
	tests := []struct {
		name string
		v    float64
		unit string
		want string
	}{
		{"percent", 85.25, "%", "85.2 %"},
		{"rate", 3 << 20, "B/s", "3.0 MiB/s"},
		{"celsius", 91, "°C", "91.0 °C"},
		{"load", 1.5, "", "1.50"},
		{"infinite", math.Inf(1), "%", "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatValue(tt.v, tt.unit); got != tt.want {
				t.Errorf("FormatValue(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
			}
		})
	}
}

// TestConcurrentUse polls from one goroutine per host while Run evaluates,
// as the sampler and the engine do (run with -race).
func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\n")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.e.Run(ctx, time.Millisecond); close(done) }()
	var wg sync.WaitGroup
	for _, host := range []string{"web", "db"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				s := engineSnapshot{Host: host, Time: t0.Add(time.Duration(i) * time.Second), CPU: cpuStat(float64(i % 100))}
				h.e.Observe(hostStatus(host, s.Time), s, true)
				_ = h.e.Active()
			}
		}()
	}
	wg.Wait()
	if _, err := h.e.Snooze(time.Minute); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
}
