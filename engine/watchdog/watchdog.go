// Package watchdog restarts required processes of the local machine that
// are found missing (the seeds' "if apache is not running, restart it"
// loop). Every attempt is recorded.
//
// Throttling holds per outage and across a crash loop: two attempts are
// never less than the cooldown apart, even when the process came back in
// between, and the attempts are counted until the process has stayed up
// for a whole window of max_attempts × cooldown. After max_attempts the
// watchdog gives up (logged, and recorded in History with GaveUp set)
// until the process has stayed up for that window. A process killed
// three times in 8 s with a cooldown of 10 s is restarted once, then once
// more 10 s later, and so on up to max_attempts.
//
// The restart command comes only from the local configuration and runs
// without a shell (argv as written); nothing from a snapshot or the
// network is ever passed to it. Watchdogs are for the local host only:
// Lookout never runs commands on remote hosts beyond its fixed read-only
// poll.
package watchdog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"lookout/entity"

	"lookout/engine"
)

// Rule restarts one process.
type Rule struct {
	// Process is the exact process name that must run.
	Process string
	// Command is the restart command, argv[0] first, run without a shell.
	Command []string
	// Cooldown is the least time between two attempts (default 5 min).
	Cooldown time.Duration
	// MaxAttempts caps the attempts of an outage or a crash loop
	// (default 3); the count resets once the process has stayed up for
	// MaxAttempts × Cooldown (Window).
	MaxAttempts int
	// Timeout bounds one attempt (default 1 min).
	Timeout time.Duration
}

// Attempt is one restart attempt.
type Attempt struct {
	Host     string        `json:"host"`
	Process  string        `json:"process"`
	Command  []string      `json:"command"`
	At       time.Time     `json:"at"`
	Took     time.Duration `json:"took_ns"`
	N        int           `json:"attempt"` // 1 for the first attempt of an outage
	Max      int           `json:"max_attempts"`
	ExitCode int           `json:"exit_code"`
	Output   string        `json:"output,omitempty"` // combined output, at most 4 KiB
	Err      string        `json:"error,omitempty"`
	// GaveUp marks the record of the watchdog giving up: no command ran.
	GaveUp bool `json:"gave_up,omitempty"`
}

// OK reports whether the command succeeded.
func (a Attempt) OK() bool { return a.Err == "" }

// Window is how long the process must stay up before the attempts are
// counted from zero again: MaxAttempts × Cooldown.
func (r Rule) Window() time.Duration { return time.Duration(r.MaxAttempts) * r.Cooldown }

// Runner runs a command and returns its combined output.
type Runner func(ctx context.Context, argv []string) ([]byte, error)

// Watchdog watches one host's snapshots.
type Watchdog struct {
	host  string
	rules []Rule
	run   Runner
	now   func() time.Time
	log   *slog.Logger

	mu      sync.Mutex
	state   map[string]*ruleState
	history []Attempt
	wg      sync.WaitGroup
}

type ruleState struct {
	attempts int       // since the process last stayed up for a window
	last     time.Time // of the latest attempt
	upSince  time.Time // zero while the process is missing
	running  bool
	gaveUp   bool
}

// State is the throttle state of a watchdog, by process. The monitor
// hands it from the old watchdog to the new one on Reload, so that a
// reload does not reset the count of a crash loop.
type State map[string]RuleState

// RuleState is the throttle state of one rule.
type RuleState struct {
	Attempts int
	Last     time.Time
	UpSince  time.Time
	GaveUp   bool
}

// State returns the throttle state of every rule.
func (w *Watchdog) State() State {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := State{}
	for p, st := range w.state {
		out[p] = RuleState{Attempts: st.attempts, Last: st.last, UpSince: st.upSince, GaveUp: st.gaveUp}
	}
	return out
}

// Restore takes over s, the State of a watchdog this one replaces.
func (w *Watchdog) Restore(s State) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for p, rs := range s {
		if st := w.state[p]; st == nil || !st.running {
			w.state[p] = &ruleState{attempts: rs.Attempts, last: rs.Last, upSince: rs.UpSince, gaveUp: rs.GaveUp}
		}
	}
}

// MaxHistory is how many attempts History keeps.
const MaxHistory = 100

// New returns a watchdog for host. run and now may be nil (exec and
// time.Now).
func New(host string, rules []Rule, run Runner, now func() time.Time, log *slog.Logger) (*Watchdog, error) {
	for i := range rules {
		r := &rules[i]
		if r.Process == "" || len(r.Command) == 0 || r.Command[0] == "" {
			return nil, fmt.Errorf("watchdog rule %d: needs a process and a command", i+1)
		}
		if r.Cooldown <= 0 {
			r.Cooldown = 5 * time.Minute
		}
		if r.MaxAttempts <= 0 {
			r.MaxAttempts = 3
		}
		if r.Timeout <= 0 {
			r.Timeout = time.Minute
		}
	}
	if run == nil {
		run = execRunner
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Watchdog{host: host, rules: rules, run: run, now: now, state: map[string]*ruleState{},
		log: log.With("host", host, "collector", "watchdog")}, nil
}

func execRunner(ctx context.Context, argv []string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = 5 * time.Second
	return cmd.CombinedOutput()
}

// Observe looks at one snapshot of the host and starts a restart, in the
// background, of each missing process whose cooldown has passed and whose
// attempts are not used up. It returns at once; Wait waits for the
// attempts it started.
func (w *Watchdog) Observe(s entity.Snapshot) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	for _, r := range w.rules {
		st := w.state[r.Process]
		if st == nil {
			st = &ruleState{}
			w.state[r.Process] = st
		}
		if !slices.Contains(s.Procs.Missing, r.Process) {
			if st.upSince.IsZero() {
				st.upSince = now
			}
			if st.attempts > 0 && !st.running && now.Sub(st.upSince) >= r.Window() {
				w.log.Info("process stayed up; attempts counted from zero again", "process", r.Process,
					"attempts", st.attempts, "window", r.Window())
				st.attempts, st.gaveUp = 0, false
			}
			continue
		}
		st.upSince = time.Time{}
		switch {
		case st.running:
		case st.attempts >= r.MaxAttempts:
			if !st.gaveUp {
				st.gaveUp = true
				w.log.Error("process still missing after the last restart attempt; giving up until it stays up",
					"process", r.Process, "attempts", st.attempts, "window", r.Window())
				w.record(Attempt{Host: w.host, Process: r.Process, Command: slices.Clone(r.Command), At: now,
					N: st.attempts, Max: r.MaxAttempts, GaveUp: true, ExitCode: -1,
					Err: fmt.Sprintf("gave up after %d attempts; restarts resume once the process has stayed up for %s", st.attempts, r.Window())})
			}
		case !st.last.IsZero() && now.Sub(st.last) < r.Cooldown:
			// Never sooner than the cooldown after the previous attempt,
			// even if the process ran in between (a crash loop).
		default:
			st.attempts++
			st.last, st.running = now, true
			w.wg.Add(1)
			go w.restart(r, st.attempts, now)
		}
	}
}

// record appends a to the history; w.mu is held.
func (w *Watchdog) record(a Attempt) {
	w.history = append(w.history, a)
	if len(w.history) > MaxHistory {
		w.history = w.history[len(w.history)-MaxHistory:]
	}
}

func (w *Watchdog) restart(r Rule, n int, at time.Time) {
	defer w.wg.Done()
	ctx, cancel := context.WithTimeout(context.Background(), r.Timeout)
	defer cancel()
	start := time.Now()
	out, err := w.run(ctx, r.Command)
	a := Attempt{Host: w.host, Process: r.Process, Command: slices.Clone(r.Command), At: at, Took: time.Since(start),
		N: n, Max: r.MaxAttempts, Output: clip(out)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		a.ExitCode, a.Err = exit.ExitCode(), err.Error()
	case err != nil:
		a.ExitCode, a.Err = -1, err.Error()
	}
	if ctx.Err() != nil && a.Err != "" {
		a.Err = fmt.Sprintf("timed out after %s: %s", r.Timeout, a.Err)
	}
	w.mu.Lock()
	w.record(a)
	w.state[r.Process].running = false
	w.mu.Unlock()
	if a.OK() {
		w.log.Warn("restarted missing process", "process", r.Process, "attempt", n, "max", r.MaxAttempts, "command", strings.Join(r.Command, " "))
	} else {
		w.log.Error("restart of missing process failed", "process", r.Process, "attempt", n, "max", r.MaxAttempts,
			"command", strings.Join(r.Command, " "), "err", a.Err, "output", a.Output)
	}
}

func clip(b []byte) string {
	const max = 4096
	s := strings.TrimSpace(string(b))
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strings.ToValidUTF8(s, "�")
}

// History returns the recorded attempts, oldest first.
func (w *Watchdog) History() []Attempt {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.history)
}

// Wait waits for the attempts in progress.
func (w *Watchdog) Wait() { w.wg.Wait() }

// Collector is a collector whose snapshots a watchdog observes.
type Collector struct {
	engine.Collector
	Watchdog *Watchdog
}

// Wrap returns a collector that passes every snapshot of col to w.
func Wrap(col engine.Collector, w *Watchdog) *Collector {
	return &Collector{Collector: col, Watchdog: w}
}

// Collect collects and lets the watchdog look at the snapshot.
func (c *Collector) Collect(ctx context.Context) (entity.Snapshot, error) {
	s, err := c.Collector.Collect(ctx)
	if err == nil {
		c.Watchdog.Observe(s)
	}
	return s, err
}
