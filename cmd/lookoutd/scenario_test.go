//go:build linux

package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	lssh "lookout/engine/collect/ssh"
	"lookout/engine/history"
	"lookout/entity"
	"lookout/internal/fake"
	"lookout/internal/fakeagent"
	"lookout/internal/sshdtest"
)

// scenarioConfig is the configuration of the scenario; edited is the one
// SIGHUP puts in force (a higher CPU warning threshold that keeps the
// alert true, a new host web2, and a maintenance window on web2's CPU that
// ends during the test).
type scenarioConfig struct {
	histDir                  string
	web, db, web2            *fakeagent.Agent
	sshd                     *sshdtest.Server
	watched                  *watched
	chat                     *fake.DingTalk
	ops                      *fake.WeCom
	hook                     *fake.Hook
	edited                   bool
	silenceStart, silenceEnd time.Time
	cpuWarning               int
}

// quiet turns off a host's threshold rules: the SSH host and this machine
// show the real machine's figures, which the test does not drive.
const quiet = `[hosts.rules.cpu]
enabled = false
[hosts.rules.mem]
enabled = false
[hosts.rules.swap]
enabled = false
[hosts.rules.disk]
enabled = false
[hosts.rules.load_per_core]
enabled = false
[hosts.rules.temp]
enabled = false
`

func (c scenarioConfig) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, `interval = "1s"
fail_limit = 3
[notify]
group_wait = "300ms"
group_interval = "1s"
[rules]
sustain = 2
hysteresis = 5
repeat = "1h"
[rules.cpu]
warning = %d
critical = 95
[history]
dir = %q
[[hosts]]
name = "web"
agent = %q
token = %q
[[hosts]]
name = "db"
agent = %q
token = %q
[[hosts]]
name = "ssh1"
ssh = %q
identity_file = %q
%s[[hosts]]
name = "box"
local = true
%s[hosts.rules.process]
enabled = false
[[hosts.watchdog]]
process = %q
command = ["/bin/sh", %q]
cooldown = "10s"
max_attempts = 2
`, c.cpuWarning, c.histDir, c.web.URL(), c.web.Token, c.db.URL(), c.db.Token,
		c.sshd.Target(), c.sshd.ClientKey, quiet, quiet, c.watched.name, c.watched.script)
	if c.edited {
		fmt.Fprintf(&b, `[[hosts]]
name = "web2"
agent = %q
token = %q
[[silences]]
hosts = ["web2"]
rules = ["cpu"]
start = %s
end = %s
comment = "web2 maintenance"
`, c.web2.URL(), c.web2.Token, c.silenceStart.UTC().Format(time.RFC3339), c.silenceEnd.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(&b, `[[channels]]
name = "chat"
type = "dingtalk"
webhook = %q
secret = %q
keyword = %q
[[channels]]
name = "ops"
type = "wecom"
webhook = %q
[[channels]]
name = "hook"
type = "webhook"
url = %q
[[routes]]
severity = ["warning"]
channels = ["chat"]
[[routes]]
severity = ["critical"]
channels = ["ops"]
[[routes]]
channels = ["hook"]
`, c.chat.Webhook(), c.chat.Secret, c.chat.Keyword, c.ops.Webhook(), c.hook.URL()+"/lookout")
	return b.String()
}

// TestScenarioADayInThreeMinutes is issue #12's scenario: the real lookoutd
// against scripted agents (web, db, later web2), a real sshd (ssh1), this
// machine with a watched process (box), and strict robot fakes routed by
// severity (warning → chat/DingTalk, critical → ops/WeCom, all → hook),
// through a day of trouble:
//
//  1. web's CPU rises to 88 % (warning) then 97 % (critical);
//  2. restart by SIGTERM while it fires: nothing resolved, nothing fired again;
//  3. restart by kill -9 while it fires: the same;
//  4. SIGHUP with an edit (the warning threshold 80 → 85 keeps the alert
//     true, a new host web2 at 97 % inside a maintenance window): no
//     resolved/fired pair;
//  5. db stops answering: unreachable once, after fail_limit failed polls;
//     it returns: resolved once, never "flapping";
//  6. the window on web2 ends while its alert holds: sent right then;
//  7. the figures calm down: every alert resolved, to every channel that
//     heard it fire (the warning channel too);
//  8. the watched process crash-loops: restarted no more often than
//     cooldown allows, and at most max_attempts times;
//
// then it checks the exact alert sequence of every channel and the history
// (no 0 for CPU readings that had no previous counter, no roll-up point
// dated before the first sample it summarises).
func TestScenarioADayInThreeMinutes(t *testing.T) {
	if testing.Short() {
		t.Skip("the scenario runs the real daemon for about two minutes")
	}
	bin := lookoutd(t)
	sshd := sshdtest.Start(t, "")
	dir := t.TempDir()
	began := time.Now()

	cfg := scenarioConfig{
		histDir:    filepath.Join(dir, "data"),
		web:        fakeagent.New(t, "tok-web", 20),
		db:         fakeagent.New(t, "tok-db", 20),
		web2:       fakeagent.New(t, "tok-web2", 97),
		sshd:       sshd,
		watched:    newWatched(t, dir),
		chat:       fake.NewDingTalk(t, "ding-token", "SECscenario", "Lookout"),
		ops:        fake.NewWeCom(t, "wecom-key"),
		hook:       fake.NewHook(t, ""),
		cpuWarning: 80,
	}
	// A reconnecting Lookout gets a first reading (no rates, CPU 0) from
	// the agents first: it must be a gap, in the history and in the rules.
	for _, a := range []*fakeagent.Agent{cfg.web, cfg.db, cfg.web2} {
		a.FreshOnNewConnection()
	}
	cfgPath := filepath.Join(dir, "lookout.toml")
	write := func() {
		if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write()
	if err := lssh.RecordHostKey(filepath.Join(dir, "config", "lookout", "known_hosts"), sshd.Addr(), sshd.HostKey); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LOOKOUT_") && !strings.HasPrefix(kv, "XDG_") && !strings.HasPrefix(kv, "SSH_AUTH_SOCK=") &&
			!strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "STATE_DIRECTORY=") {
			env = append(env, kv)
		}
	}
	os.MkdirAll(filepath.Join(dir, "home"), 0o700)
	env = append(env, "HOME="+filepath.Join(dir, "home"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "LOOKOUT_STATE_DIR="+filepath.Join(dir, "state"),
		"LOOKOUT_DATA_DIR="+cfg.histDir, "LOOKOUT_LOG=debug")

	rec := startRecorder(cfg.chat, cfg.ops, cfg.hook)
	d := &daemon{t: t, bin: bin, cfg: cfgPath, addr: freeAddr(t), env: env, logs: &logBuf{}}
	d.dumpers = append(d.dumpers, rec.dump)
	t.Cleanup(d.stopQuietly)
	hosts := []string{"web", "db", "ssh1", "box"}

	// noNew reports what arrived since before, which should be nothing.
	noNew := func(before map[string][]item, after string) {
		t.Helper()
		for ch, its := range rec.since(before) {
			d.errorf("%s: %s received %v, want nothing", after, ch, its)
		}
	}
	// await waits for the n-th key/state line on channel and returns it.
	await := func(channel, key, state string, n int, limit time.Duration) (item, bool) {
		t.Helper()
		var it item
		ok := d.wait(fmt.Sprintf("%s to receive %s %s (#%d)", channel, key, state, n), limit, false, func() bool {
			var found bool
			it, found = rec.find(channel, key, state, n)
			return found
		})
		return it, ok
	}

	// 0. Start: every host polled, nothing to say.
	d.start()
	d.settle("the first start", 3, hosts...)
	if h := get("http://" + d.addr + "/healthz"); h != "ok\nbox ok\ndb ok\nssh1 ok\nweb ok\n" {
		d.errorf("/healthz after the start = %q, want every host ok", h)
	}
	noNew(nil, "the start")

	// 1. web's CPU: 20 → 88 (warning, to chat) → 97 (critical, to ops).
	cfg.web.SetCPU(88)
	await("chat", "web/cpu", "warning", 1, 20*time.Second)
	await("hook", "web/cpu", "warning", 1, 5*time.Second)
	cfg.web.SetCPU(97)
	await("ops", "web/cpu", "critical", 1, 20*time.Second)
	await("hook", "web/cpu", "critical", 1, 5*time.Second)
	d.settle("web/cpu critical", 0, hosts...)

	// 2. Restart by SIGTERM while web/cpu fires.
	before := rec.all()
	d.term()
	d.start()
	d.settle("the restart after SIGTERM", 6, hosts...)
	noNew(before, "a restart by SIGTERM while web/cpu fires")

	// 3. Restart by kill -9 while it fires.
	before = rec.all()
	d.kill9()
	d.start()
	d.settle("the restart after kill -9", 6, hosts...)
	noNew(before, "a restart by kill -9 while web/cpu fires")

	// 4. SIGHUP with an edit: the warning threshold 80 → 85 (97 % still
	// fires), a new host web2 at 97 % inside a window that ends in 20 s.
	before = rec.all()
	cfg.edited, cfg.cpuWarning = true, 85
	cfg.silenceStart = time.Now().Add(-time.Hour).Truncate(time.Second)
	cfg.silenceEnd = time.Now().Add(21 * time.Second).Truncate(time.Second)
	write()
	polls := d.polls("web")
	d.hup()
	hosts = append(hosts, "web2")
	d.wait("web2 polled after SIGHUP", 20*time.Second, true, func() bool { return strings.Contains(get("http://"+d.addr+"/healthz"), "web2 ok") })
	d.wait("web polled 5 times after SIGHUP", 20*time.Second, true, func() bool { return d.polls("web") >= polls+5 })
	d.settle("the SIGHUP", 5, hosts...)
	noNew(before, "a SIGHUP with an edit that keeps web/cpu true (web2/cpu is in its maintenance window)")

	// 5. db stops answering: unreachable once, after fail_limit (3) failed
	// polls; it returns: resolved once, not flapping.
	cfg.db.Hang(true)
	if _, ok := await("ops", "db/unreachable", "critical", 1, 20*time.Second); ok {
		if n := sum(d.metrics(), "lookout_poll_errors_total", "db"); n < 3 {
			d.errorf("db/unreachable reached ops after %v failed polls, want fail_limit = 3 (one poll is one failure)", n)
		}
	}
	await("hook", "db/unreachable", "critical", 1, 5*time.Second)
	cfg.db.Hang(false)
	await("ops", "db/unreachable", "resolved", 1, 20*time.Second)
	await("hook", "db/unreachable", "resolved", 1, 5*time.Second)

	// 6. The window on web2/cpu ends while the alert holds: sent at once.
	if it, ok := await("ops", "web2/cpu", "critical", 1, time.Until(cfg.silenceEnd)+20*time.Second); ok {
		switch late := it.At.Sub(cfg.silenceEnd); {
		case late < -100*time.Millisecond:
			d.errorf("web2/cpu reached ops at %s, %s before its maintenance window ended at %s",
				it.At.Format("15:04:05.000"), -late, cfg.silenceEnd.Format("15:04:05"))
		case late > 4*time.Second:
			d.errorf("web2/cpu reached ops %s after its maintenance window ended, want it sent when the window ends", late)
		}
	}
	await("hook", "web2/cpu", "critical", 1, 5*time.Second)

	// 7. Calm: web and web2 resolve, on every channel that heard them fire.
	cfg.web.SetCPU(20)
	cfg.web2.SetCPU(20)
	await("ops", "web/cpu", "resolved", 1, 20*time.Second)
	await("hook", "web/cpu", "resolved", 1, 5*time.Second)
	await("chat", "web/cpu", "resolved", 1, 5*time.Second)
	await("ops", "web2/cpu", "resolved", 1, 20*time.Second)
	await("hook", "web2/cpu", "resolved", 1, 5*time.Second)
	d.settle("calm", 0, hosts...)

	// 8. The watched process crash-loops for 22 s, killed 2 s after every
	// start: cooldown 10 s and max_attempts 2 allow at most two restarts,
	// 10 s apart.
	before = rec.all()
	if n := len(cfg.watched.restartTimes()); n != 0 {
		d.errorf("the watchdog restarted %s %d times before it ever died", cfg.watched.name, n)
	}
	loopStart := time.Now()
	kills := cfg.watched.crashLoop(22*time.Second, 2*time.Second)
	restarts := cfg.watched.restartTimes()
	d.settle("the crash loop", 0, hosts...)
	noNew(before, "the crash loop (its process rule is off)")
	d.term()
	rec.close()
	checkWatchdog(t, d, kills, restarts, loopStart, 10*time.Second, 2)

	// The exact sequences, per channel and host/rule.
	want := map[string]map[string][]string{
		"chat": {"web/cpu": {"warning", "resolved"}},
		"ops": {"web/cpu": {"critical", "resolved"}, "db/unreachable": {"critical", "resolved"},
			"web2/cpu": {"critical", "resolved"}},
		"hook": {"web/cpu": {"warning", "critical", "resolved"}, "db/unreachable": {"critical", "resolved"},
			"web2/cpu": {"critical", "resolved"}},
	}
	got := rec.all()
	for _, ch := range []string{"chat", "ops", "hook"} {
		if g := sequences(got[ch]); !reflect.DeepEqual(g, want[ch]) {
			t.Errorf("%s received (host/rule: states in order)\n  %v\nwant\n  %v\nlines: %v", ch, g, want[ch], got[ch])
		}
		for _, it := range got[ch] {
			if strings.Contains(strings.ToLower(it.Text), "flapping") {
				t.Errorf("%s: %s was called flapping: %q", ch, it.Key, it.Text)
			}
		}
	}
	for name, v := range map[string][]string{"chat": cfg.chat.Violations(), "ops": cfg.ops.Violations(), "hook": cfg.hook.Violations()} {
		if len(v) > 0 {
			t.Errorf("lookoutd broke %s's robot contract: %q", name, v)
		}
	}
	for name, a := range map[string]*fakeagent.Agent{"web": cfg.web, "db": cfg.db, "web2": cfg.web2} {
		if n := a.Refused(); n > 0 {
			t.Errorf("agent %s refused %d requests (path, method or token wrong)", name, n)
		}
	}

	checkHistory(t, cfg, began, d.starts)
	t.Logf("the scenario took %s (%d runs of lookoutd)", time.Since(began).Round(time.Second), d.runs)
}

// values returns the points of host's metric in the history since began,
// gaps left out.
func values(t *testing.T, st *history.Store, host string, m entity.Metric, began time.Time) []entity.Point {
	t.Helper()
	pts, err := st.Range(host, m, began.Add(-time.Minute), time.Now().Add(time.Minute), 0)
	if err != nil {
		t.Errorf("history of %s %s: %v", host, m, err)
	}
	var out []entity.Point
	for _, p := range pts {
		if !math.IsNaN(p.V) {
			out = append(out, p)
		}
	}
	return out
}

// checkWatchdog: during the crash loop the restarts are at least cooldown
// apart and at most max attempts in all.
func checkWatchdog(t *testing.T, d *daemon, kills, restarts []time.Time, loopStart time.Time, cooldown time.Duration, max int) {
	t.Helper()
	var in []string
	for _, r := range restarts {
		in = append(in, fmt.Sprintf("+%.1fs", r.Sub(loopStart).Seconds()))
	}
	var k []string
	for _, r := range kills {
		k = append(k, fmt.Sprintf("+%.1fs", r.Sub(loopStart).Seconds()))
	}
	if len(restarts) == 0 {
		t.Errorf("the watchdog never restarted the crash-looping process (killed at %v)", k)
		return
	}
	if len(restarts) > max {
		t.Errorf("crash loop (killed at %v): restarted %d times at %v, want at most max_attempts = %d", k, len(restarts), in, max)
	}
	for i := 1; i < len(restarts); i++ {
		if gap := restarts[i].Sub(restarts[i-1]); gap < cooldown-500*time.Millisecond {
			t.Errorf("crash loop (killed at %v): restarts %d and %d are %s apart (restarts at %v), want at least the cooldown %s",
				k, i, i+1, gap.Round(100*time.Millisecond), in, cooldown)
			break
		}
	}
	if lines := strings.Count(d.logs.String(), "restarted missing process"); lines != len(restarts) {
		t.Errorf("the log has %d restarts, the restart script ran %d times", lines, len(restarts))
	}
}

// checkHistory opens the history the daemon left and checks the CPU
// series of every host (no 0 from a first reading; the agents' values are
// exactly the scripted ones) and the roll-ups' dates.
func checkHistory(t *testing.T, cfg scenarioConfig, began time.Time, starts []time.Time) {
	t.Helper()
	st, err := history.Open(history.Options{Dir: cfg.histDir, ReadOnly: true})
	if err != nil {
		t.Fatalf("open the history: %v", err)
	}
	defer st.Close()
	// The agents' values are exactly the scripted ones (a first reading,
	// served with CPU 0 and no rates after every reconnection, is a gap).
	scripted := []float64{20, 88, 97}
	for host, a := range map[string]*fakeagent.Agent{"web": cfg.web, "db": cfg.db, "web2": cfg.web2} {
		cpu := values(t, st, host, entity.MetricCPU, began)
		mem := values(t, st, host, entity.MetricMem, began)
		var odd []string
		for i, p := range cpu {
			if !slices.Contains(scripted, p.V) {
				var around []string
				for _, q := range cpu[max(0, i-3):min(len(cpu), i+4)] {
					around = append(around, fmt.Sprintf("%s=%.1f", q.T.Format("15:04:05.000"), q.V))
				}
				odd = append(odd, fmt.Sprintf("%s=%v (around it: %v)", p.T.Format("15:04:05.000"), p.V, around))
			}
		}
		if len(odd) > 0 {
			t.Errorf("history of %s: CPU values the agent never measured (a first reading stored as 0, not a gap?): %v", host, odd)
		}
		if len(cpu) < 5 {
			t.Errorf("history of %s: %d CPU values, want one per poll", host, len(cpu))
		}
		if host == "web" && len(cpu) > len(mem)-len(starts) {
			t.Errorf("history of web: %d CPU values for %d samples over %d starts, want a gap for each start's first reading", len(cpu), len(mem), len(starts))
		}
		// Every successful agent poll is one sample (a run killed by -9
		// may lose the tick it was writing).
		if served := a.Served(); len(mem) < served-3 {
			t.Errorf("history of %s: %d samples of %d snapshots the agent served", host, len(mem), served)
		}
	}
	ctx := context.Background()
	far := time.Now().Add(time.Hour)
	// The SSH host and this machine: the first reading after each start
	// has no previous counters, so no CPU value (not a 0).
	for _, host := range []string{"ssh1", "box"} {
		raw, err := st.Ticks(ctx, "raw", host, entity.MetricCPU, began.Add(-time.Minute), far)
		if err != nil {
			t.Errorf("history of %s: %v", host, err)
			continue
		}
		for i, start := range starts {
			k := slices.IndexFunc(raw, func(k history.Tick) bool { return !k.T.Before(start) && !k.Gap })
			if k < 0 {
				t.Errorf("history of %s: no sample after start %d", host, i+1)
				continue
			}
			if v := raw[k].V; !math.IsNaN(v) {
				t.Errorf("history of %s: the first reading after start %d (%s) has CPU %v, want a gap (no previous counters)",
					host, i+1, raw[k].T.Format("15:04:05.000"), v)
			}
		}
		if n := len(values(t, st, host, entity.MetricCPU, began)); n < 5 {
			t.Errorf("history of %s: %d CPU values, want one per poll", host, n)
		}
	}
	for _, tier := range []struct {
		table string
		width time.Duration
	}{{"minute", time.Minute}, {"ten_minute", 10 * time.Minute}} {
		// Each roll-up point against the first tick of its bucket and the
		// first sample (a tick with figures, not a failed poll's gap).
		var n int
		clock := func(t time.Time) string { return t.Format("15:04:05.000") }
		hosts, err := st.Hosts()
		if err != nil {
			t.Fatal(err)
		}
		for _, host := range hosts {
			raw, err := st.Ticks(ctx, "raw", host, entity.MetricMem, began.Add(-time.Hour), far)
			if err != nil {
				t.Fatalf("history of %s: %v", host, err)
			}
			rolled, err := st.Ticks(ctx, tier.table, host, entity.MetricMem, began.Add(-time.Hour), far)
			if err != nil {
				t.Fatalf("history of %s: %v", host, err)
			}
			first := func(from, to time.Time, samples bool) (time.Time, bool) {
				for _, k := range raw {
					if !k.T.Before(from) && k.T.Before(to) && (!samples || !k.Gap) {
						return k.T, true
					}
				}
				return time.Time{}, false
			}
			hostFirst, hostOK := first(time.Time{}, far, true)
			for _, r := range rolled {
				if r.Gap {
					continue
				}
				n++
				b := r.T.Truncate(tier.width)
				firstRow, rowOK := first(b, b.Add(tier.width), false)
				firstSample, sampleOK := first(b, b.Add(tier.width), true)
				switch {
				case hostOK && r.T.Before(hostFirst):
					t.Errorf("history of %s: a %s point dated %s, before the host's first sample (%s)", host, tier.table, clock(r.T), clock(hostFirst))
				case rowOK && r.T.Before(firstRow):
					t.Errorf("history of %s: a %s point dated %s, before the first row of its bucket (%s)", host, tier.table, clock(r.T), clock(firstRow))
				case sampleOK && r.T.Before(firstSample):
					// Dated at a failed poll's gap that opens the bucket: a few
					// seconds early, and not what the chart showed.
					t.Logf("note: history of %s: a %s point dated %s at a failed poll, before the first sample it summarises (%s)",
						host, tier.table, clock(r.T), clock(firstSample))
				}
			}
		}
		if tier.table == "minute" && n == 0 && time.Since(began) > 2*time.Minute {
			t.Errorf("history: no minute roll-ups after %s", time.Since(began).Round(time.Second))
		}
	}
}
