//go:build linux

package main

// The parts of the scenario test (scenario_test.go): the daemon as a
// process that is started, stopped, killed and reloaded; a recorder of what
// the robots received, each alert line reduced to host/rule and its state;
// readings of /metrics; and the crash-looping watched process.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"lookout/entity"
	"lookout/internal/fake"
	"lookout/internal/i18n"
)

// daemon is the real lookoutd, started and stopped as the scenario says.
// Its output of every run is kept in one log, each run headed by a line.
type daemon struct {
	t       *testing.T
	bin     string
	cfg     string
	addr    string
	env     []string
	logs    *logBuf
	cmd     *exec.Cmd
	exited  chan error
	runs    int
	starts  []time.Time     // when each run started
	dumpers []func() string // what a failure prints besides the log
}

func (d *daemon) start() {
	d.t.Helper()
	d.runs++
	d.starts = append(d.starts, time.Now())
	fmt.Fprintf(d.logs, "===== run %d: lookoutd run (%s) =====\n", d.runs, time.Now().Format("15:04:05.000"))
	cmd := exec.Command(d.bin, "run", "--config", d.cfg, "--listen", d.addr)
	cmd.Env, cmd.Stdout, cmd.Stderr = d.env, d.logs, d.logs
	if err := cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	d.cmd, d.exited = cmd, make(chan error, 1)
	go func(c chan error) { c <- cmd.Wait() }(d.exited)
}

// running reports whether the current run has not exited.
func (d *daemon) running() bool {
	if d.cmd == nil {
		return false
	}
	select {
	case err := <-d.exited:
		d.exited <- err
		return false
	default:
		return true
	}
}

// term stops the daemon with SIGTERM and fails unless it exits cleanly
// within 15 s.
func (d *daemon) term() {
	d.t.Helper()
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-d.exited:
		d.cmd = nil
		if err != nil {
			d.fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(15 * time.Second):
		d.fatalf("no exit 15 s after SIGTERM")
	}
}

// kill9 kills the daemon with SIGKILL, as a crash or the OOM killer.
func (d *daemon) kill9() {
	d.t.Helper()
	d.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-d.exited:
		d.cmd = nil
	case <-time.After(10 * time.Second):
		d.fatalf("no exit 10 s after SIGKILL")
	}
}

func (d *daemon) hup() { d.cmd.Process.Signal(syscall.SIGHUP) }

// stopQuietly is the cleanup: whatever runs is killed.
func (d *daemon) stopQuietly() {
	if d.running() {
		d.cmd.Process.Kill()
		<-d.exited
	}
}

// dump is what a failure shows: the end of the log and what the robots
// received so far.
func (d *daemon) dump() string {
	var b strings.Builder
	lines := strings.Split(d.logs.String(), "\n")
	if len(lines) > 250 {
		fmt.Fprintf(&b, "[... %d earlier log lines]\n", len(lines)-250)
		lines = lines[len(lines)-250:]
	}
	b.WriteString("--- lookoutd log ---\n")
	b.WriteString(strings.Join(lines, "\n"))
	for _, f := range d.dumpers {
		b.WriteString("\n")
		b.WriteString(f())
	}
	return b.String()
}

func (d *daemon) fatalf(format string, args ...any) {
	d.t.Helper()
	d.t.Fatalf(format+"\n%s", append(args, d.dump())...)
}

func (d *daemon) errorf(format string, args ...any) {
	d.t.Helper()
	d.t.Errorf(format+"\n%s", append(args, d.dump())...)
}

// wait polls cond every 50 ms for at most limit. On timeout it reports
// an error (or, with fatal, stops the test) that says what was awaited and
// dumps the log and the messages, and returns false.
func (d *daemon) wait(what string, limit time.Duration, fatal bool, cond func() bool) bool {
	d.t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if !d.running() && d.cmd != nil {
			err := <-d.exited
			d.exited <- err
			d.fatalf("lookoutd exited (%v) while waiting for %s", err, what)
		}
		if time.Now().After(deadline) {
			if fatal {
				d.fatalf("timed out after %s waiting for %s", limit, what)
			}
			d.errorf("timed out after %s waiting for %s", limit, what)
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

// metrics reads /metrics into "name{labels}" -> value.
func (d *daemon) metrics() map[string]float64 {
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(get("http://" + d.addr + "/metrics")))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(l, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(l[i+1:], 64)
		if err == nil {
			out[l[:i]] = v
		}
	}
	return out
}

// sum adds the series of name whose labels start with host="host".
func sum(m map[string]float64, name, host string) float64 {
	var s float64
	for k, v := range m {
		if strings.HasPrefix(k, name+`{host="`+host+`"`) {
			s += v
		}
	}
	return s
}

// polls is how many polls of host the current run made (-1 before it
// answers).
func (d *daemon) polls(host string) int {
	m := d.metrics()
	v, ok := m[`lookout_polls_total{host="`+host+`"}`]
	if !ok {
		return -1
	}
	return int(v)
}

// settle waits until the current run polled each host at least n times and
// the outbox is empty: what those polls had to send is delivered by then.
func (d *daemon) settle(what string, n int, hosts ...string) {
	d.t.Helper()
	d.wait(fmt.Sprintf("%d polls of %v and an empty outbox (%s)", n, hosts, what), 40*time.Second, true, func() bool {
		m := d.metrics()
		for _, h := range hosts {
			if m[`lookout_polls_total{host="`+h+`"}`] < float64(n) {
				return false
			}
		}
		depth, ok := m["lookout_outbox_depth"]
		return ok && depth == 0
	})
	time.Sleep(300 * time.Millisecond) // a delivery in flight when the depth was read lands
}

// item is one alert line a channel received.
type item struct {
	Key   string // host/rule, e.g. "web/cpu", "db/unreachable"
	State string // "warning", "critical" (firing, at that level) or "resolved"
	At    time.Time
	Text  string // the line (chat) or the alert's note (webhook)
}

func (i item) String() string {
	return fmt.Sprintf("%s %s %s", i.At.Format("15:04:05.000"), i.Key, i.State)
}

// recorder stamps what the robots accept with the time it arrived (every
// 50 ms) and reduces each message to its alert lines.
type recorder struct {
	mu    sync.Mutex
	items map[string][]item // channel -> items in arrival order
	raw   map[string][]string
	stop  chan struct{}
	done  chan struct{}
}

// alertLine is the head line of one alert in the WeCom and DingTalk
// markdown: "**CRITICAL** **web** · cpu: ..." (WeCom wraps the state in a
// <font> tag, DingTalk puts an emoji before it).
var alertLine = regexp.MustCompile(`\*\*(CRITICAL|WARNING|INFO|RESOLVED)\*\*(?:</font>)? \*\*([^*]+)\*\* · ([^:<]+?)(?::\s|$)`)

// ruleKey turns the human rule name of a message ("CPU", "Disk /data",
// "Unreachable") back into Lookout's key ("cpu", "disk:/data").
func ruleKey(name string) string {
	name = strings.ReplaceAll(name, `\`, "")
	for _, k := range entity.RuleNames {
		human := i18n.RuleName(i18n.EN, k)
		if name == human {
			return k
		}
		if member, ok := strings.CutPrefix(name, human+" "); ok && k == entity.RuleDisk {
			return k + ":" + member
		}
	}
	first, _, _ := strings.Cut(name, " ")
	return first
}

func parseMarkdown(text string, at time.Time) []item {
	var out []item
	for _, l := range strings.Split(text, "\n") {
		m := alertLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		out = append(out, item{Key: strings.ReplaceAll(m[2], `\`, "") + "/" + ruleKey(m[3]), State: strings.ToLower(m[1]), At: at, Text: l})
	}
	return out
}

func parseHook(p map[string]any, at time.Time) []item {
	if p["kind"] != "alert" {
		return nil
	}
	alerts, _ := p["alerts"].([]any)
	var out []item
	for _, x := range alerts {
		a, _ := x.(map[string]any)
		host, _ := a["host"].(string)
		rule, _ := a["rule"].(string)
		state, _ := a["severity"].(string)
		if r, _ := a["resolved"].(bool); r {
			state = "resolved"
		}
		note, _ := a["note"].(string)
		out = append(out, item{Key: host + "/" + rule, State: state, At: at, Text: note})
	}
	return out
}

func startRecorder(chat *fake.DingTalk, ops *fake.WeCom, hook *fake.Hook) *recorder {
	r := &recorder{items: map[string][]item{}, raw: map[string][]string{}, stop: make(chan struct{}), done: make(chan struct{})}
	seen := map[string]int{}
	tick := func() {
		now := time.Now()
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, m := range chat.Got()[seen["chat"]:] {
			seen["chat"]++
			r.raw["chat"] = append(r.raw["chat"], m.Text)
			r.items["chat"] = append(r.items["chat"], parseMarkdown(m.Text, now)...)
		}
		for _, m := range ops.Got()[seen["ops"]:] {
			seen["ops"]++
			if m.Type != "markdown" {
				r.raw["ops"] = append(r.raw["ops"], "["+m.Type+"]")
				continue // the chart that follows the alert
			}
			r.raw["ops"] = append(r.raw["ops"], m.Content)
			r.items["ops"] = append(r.items["ops"], parseMarkdown(m.Content, now)...)
		}
		for _, p := range hook.Got()[seen["hook"]:] {
			seen["hook"]++
			text, _ := p["text"].(string)
			r.raw["hook"] = append(r.raw["hook"], text)
			r.items["hook"] = append(r.items["hook"], parseHook(p, now)...)
		}
	}
	go func() {
		defer close(r.done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-r.stop:
				tick()
				return
			case <-t.C:
				tick()
			}
		}
	}()
	return r
}

func (r *recorder) close() {
	close(r.stop)
	<-r.done
}

// all returns a copy of every channel's items.
func (r *recorder) all() map[string][]item {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string][]item{}
	for ch, its := range r.items {
		out[ch] = slices.Clone(its)
	}
	return out
}

// find returns the n-th (1-based) item of key in state on channel.
func (r *recorder) find(channel, key, state string, n int) (item, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, it := range r.items[channel] {
		if it.Key == key && it.State == state {
			if n--; n == 0 {
				return it, true
			}
		}
	}
	return item{}, false
}

// since returns the items that arrived after the snapshot before (taken
// with all), per channel.
func (r *recorder) since(before map[string][]item) map[string][]item {
	now := r.all()
	out := map[string][]item{}
	for ch, its := range now {
		if len(its) > len(before[ch]) {
			out[ch] = its[len(before[ch]):]
		}
	}
	return out
}

// dump prints everything received, for failure messages.
func (r *recorder) dump() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, ch := range []string{"chat", "ops", "hook"} {
		fmt.Fprintf(&b, "--- %s received %d messages; alert lines: ---\n", ch, len(r.raw[ch]))
		for _, it := range r.items[ch] {
			fmt.Fprintf(&b, "  %s\n", it)
		}
	}
	return b.String()
}

// sequences groups a channel's items by key: host/rule -> states in order.
func sequences(its []item) map[string][]string {
	out := map[string][]string{}
	for _, it := range its {
		out[it.Key] = append(out[it.Key], it.State)
	}
	return out
}

// watched is the crash-looping process of the watchdog part: a copy of
// sleep under a name of its own, started by a restart script that notes
// the time of every restart.
type watched struct {
	name     string // the process name the watchdog watches
	script   string // the restart command's script
	restarts string // one line per restart: Unix time with nanoseconds
}

func newWatched(t *testing.T, dir string) *watched {
	t.Helper()
	w := &watched{name: "lkwd-sleeper", script: filepath.Join(dir, "restart.sh"), restarts: filepath.Join(dir, "restarts")}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep(1)")
	}
	b, err := os.ReadFile(sleep)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, w.name)
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	// Detached (setsid, nohup, no inherited output), so that the watchdog's
	// command returns at once and the process outlives lookoutd's restarts.
	script := fmt.Sprintf("#!/bin/sh\n[ \"$1\" = init ] || date +%%s.%%N >> %q\nsetsid nohup %q 3600 >/dev/null 2>&1 </dev/null &\n", w.restarts, bin)
	if err := os.WriteFile(w.script, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("/bin/sh", w.script, "init").CombinedOutput(); err != nil {
		t.Fatalf("start %s: %v %s", w.name, err, out)
	}
	t.Cleanup(func() {
		for _, p := range w.pids() {
			syscall.Kill(p, syscall.SIGKILL)
		}
	})
	return w
}

// pids lists the running (not zombie) processes named w.name, from /proc.
func (w *watched) pids() []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i, j := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if i < 0 || j < i || j+2 >= len(s) {
			continue
		}
		if s[i+1:j] == w.name && s[j+2] != 'Z' {
			out = append(out, pid)
		}
	}
	return out
}

// restartTimes reads the restarts the script noted.
func (w *watched) restartTimes() []time.Time {
	b, _ := os.ReadFile(w.restarts)
	var out []time.Time
	for _, l := range strings.Fields(string(b)) {
		f, err := strconv.ParseFloat(l, 64)
		if err == nil {
			out = append(out, time.Unix(0, int64(f*1e9)))
		}
	}
	return out
}

// crashLoop kills the watched process whenever it has run for alive, for
// the duration d, as a service that dies shortly after every start. It
// returns the kill times.
func (w *watched) crashLoop(d, alive time.Duration) []time.Time {
	var kills []time.Time
	first := map[int]time.Time{}
	end := time.Now().Add(d)
	initial := true
	for time.Now().Before(end) {
		for _, p := range w.pids() {
			if _, ok := first[p]; !ok {
				first[p] = time.Now()
			}
			if initial || time.Since(first[p]) >= alive {
				syscall.Kill(p, syscall.SIGKILL)
				kills = append(kills, time.Now())
			}
		}
		initial = false
		time.Sleep(100 * time.Millisecond)
	}
	return kills
}
