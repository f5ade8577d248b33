package notifier_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"lookout/notifier"
	"lookout/notifier/outbox"
	"lookout/notifier/render"
)

// recorder is a channel that records what it is sent and fails as told.
type recorder struct {
	name string
	mu   sync.Mutex
	got  []*notifier.Message
	fail func(n int) (bool, error) // n: attempt number from 1
	n    int
}

func (r *recorder) Name() string { return r.name }
func (r *recorder) Send(_ context.Context, m *notifier.Message) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	if r.fail != nil {
		if retry, err := r.fail(r.n); err != nil {
			return retry, err
		}
	}
	r.got = append(r.got, m)
	return false, nil
}
func (r *recorder) messages() []*notifier.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*notifier.Message(nil), r.got...)
}

var fast = notifier.Backoff{Initial: time.Millisecond, Max: 2 * time.Millisecond, Factor: 2, Attempts: 3}

func alert(host string, sev notifier.Severity, resolved bool) notifier.Alert {
	t := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	return notifier.Alert{Host: host, Rule: "cpu", Metric: "cpu", Severity: sev, Resolved: resolved, Value: 90, Threshold: 80, Peak: 95, Unit: "%", Start: t, At: t}
}

func run(t *testing.T, d *notifier.Dispatcher) func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	return func() { cancel(); <-done }
}

func waitEmpty(t *testing.T, ob *outbox.Outbox) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		q, _, _ := ob.List()
		if len(q) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still queued: %d", len(q))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestRoutingAndGrouping(t *testing.T) {
	ob, _ := outbox.Open(t.TempDir())
	wecom, mail, desk := &recorder{name: "wecom"}, &recorder{name: "mail"}, &recorder{name: "desktop"}
	d, err := notifier.NewDispatcher(notifier.Options{Outbox: ob, Backoff: fast, Routes: []notifier.Route{
		{Severities: []notifier.Severity{notifier.Critical}, Channels: []string{"wecom", "mail"}},
		{Severities: []notifier.Severity{notifier.Warning}, Hosts: []string{"web*"}, Channels: []string{"wecom"}},
		{Channels: []string{"desktop"}},
	}}, notifier.Target{Channel: wecom, SendResolved: true}, notifier.Target{Channel: mail, SendResolved: true},
		notifier.Target{Channel: desk, SendResolved: false})
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, d)
	defer stop()
	// One evaluation round with 50 events.
	var round []notifier.Alert
	for i := range 50 {
		switch i % 3 {
		case 0:
			round = append(round, alert(fmt.Sprintf("db%d", i), notifier.Critical, false))
		case 1:
			round = append(round, alert(fmt.Sprintf("web%d", i), notifier.Warning, false))
		case 2:
			round = append(round, alert(fmt.Sprintf("db%d", i), notifier.Warning, true))
		}
	}
	if _, err := d.Notify(context.Background(), round); err != nil {
		t.Fatal(err)
	}
	waitEmpty(t, ob)
	for _, tt := range []struct {
		ch   *recorder
		want int
	}{{wecom, 17 + 17}, {mail, 17}, {desk, 17 + 17}} {
		got := tt.ch.messages()
		if len(got) != 1 {
			t.Errorf("%s got %d messages, want ONE for the round", tt.ch.name, len(got))
			continue
		}
		if n := len(got[0].Alerts); n != tt.want {
			t.Errorf("%s: %d alerts in the message, want %d", tt.ch.name, n, tt.want)
		}
	}
}

func TestRetryThenDeadLetter(t *testing.T) {
	ob, _ := outbox.Open(t.TempDir())
	busy := &recorder{name: "busy", fail: func(int) (bool, error) {
		return true, &notifier.ServiceError{Service: "x", Code: "-1", Msg: "system busy"}
	}}
	flaky := &recorder{name: "flaky", fail: func(n int) (bool, error) {
		if n < 3 {
			return true, errors.New("timed out")
		}
		return false, nil
	}}
	bad := &recorder{name: "bad", fail: func(int) (bool, error) {
		return false, &notifier.ServiceError{Service: "wecom", Code: "93000", Msg: "invalid webhook url"}
	}}
	var mu sync.Mutex
	statuses := map[string]notifier.Status{}
	d, _ := notifier.NewDispatcher(notifier.Options{Outbox: ob, Backoff: fast, OnStatus: func(c string, s notifier.Status) {
		mu.Lock()
		statuses[c] = s
		mu.Unlock()
	}}, notifier.Target{Channel: busy}, notifier.Target{Channel: flaky}, notifier.Target{Channel: bad})
	stop := run(t, d)
	d.Notify(context.Background(), []notifier.Alert{alert("h", notifier.Critical, false)})
	waitEmpty(t, ob)
	stop()
	if busy.n != fast.Attempts {
		t.Errorf("busy channel tried %d times, want %d", busy.n, fast.Attempts)
	}
	if bad.n != 1 {
		t.Errorf("permanent failure tried %d times, want 1", bad.n)
	}
	if len(flaky.messages()) != 1 {
		t.Errorf("flaky channel delivered %d", len(flaky.messages()))
	}
	_, dead, _ := ob.List()
	if len(dead) != 2 {
		t.Fatalf("dead letters: %d, want 2", len(dead))
	}
	if s := d.Status("bad"); !s.Permanent || s.LastError != "wecom: error 93000: invalid webhook url" {
		t.Errorf("status of bad: %+v", s)
	}
	// Retry a dead letter after the fix.
	bad.fail = nil
	if _, err := ob.Retry(dead[0].ID); err != nil {
		t.Fatal(err)
	}
	stop = run(t, d)
	defer stop()
	waitEmpty(t, ob)
}

func TestRateLimitKeptBeforeTheService(t *testing.T) {
	// A fake clock: the dispatcher must wait for the window, not send.
	ob, _ := outbox.Open(t.TempDir())
	clk := newFakeClock()
	rec := &recorder{name: "r"}
	d, _ := notifier.NewDispatcher(notifier.Options{Outbox: ob, Backoff: fast, Clock: clk},
		notifier.Target{Channel: rec, Limit: notifier.Limit{N: 2, Per: time.Minute}})
	for i := range 3 {
		d.Enqueue("r", &notifier.Message{Kind: notifier.KindTest, Title: fmt.Sprint(i)})
	}
	stop := run(t, d)
	defer stop()
	clk.waitSleeper(t, time.Minute) // blocked on the window after two
	if n := len(rec.messages()); n != 2 {
		t.Fatalf("sent %d within the minute, want 2", n)
	}
	clk.advance(time.Minute)
	waitEmpty(t, ob)
	got := rec.messages()
	for i, m := range got {
		if m.Title != fmt.Sprint(i) {
			t.Errorf("message %d is %q: out of order", i, m.Title)
		}
	}
}

type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	changed chan struct{}
	// registered counts calls of After: a worker that went back to sleep.
	registered int
}

type waiter struct {
	at time.Time
	c  chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC), changed: make(chan struct{}, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	c.registered++
	select {
	case c.changed <- struct{}{}:
	default:
	}
	return ch
}

func (c *fakeClock) advance(d time.Duration) { c.advanceN(d) }

// advanceN moves the clock on by d and returns how many sleepers it woke
// and how many sleeps had been registered before.
func (c *fakeClock) advanceN(d time.Duration) (woke, before int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	before = c.registered
	c.now = c.now.Add(d)
	var keep []waiter
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.c <- c.now
			woke++
		} else {
			keep = append(keep, w)
		}
	}
	c.waiters = keep
	return woke, before
}

// advanceSettled moves the clock on by d and waits (a few seconds at
// most) until every sleeper it woke has gone back to sleep, so a loaded
// machine does not let fake time run ahead of the workers.
func (c *fakeClock) advanceSettled(d time.Duration) {
	woke, before := c.advanceN(d)
	c.settle(before + woke)
}

// settle waits until at least n sleeps have been registered in all.
func (c *fakeClock) settle(n int) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		r := c.registered
		c.mu.Unlock()
		if r >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// registrations is how many sleeps have been registered so far.
func (c *fakeClock) registrations() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.registered
}

// waitSleeper waits until a goroutine sleeps for at most d but more than
// a second (the rate-limit wait, not the idle rescan).
func (c *fakeClock) waitSleeper(t *testing.T, d time.Duration) {
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		for _, w := range c.waiters {
			if dd := w.at.Sub(c.now); dd > time.Second && dd <= d {
				c.mu.Unlock()
				return
			}
		}
		c.mu.Unlock()
		select {
		case <-c.changed:
		case <-deadline:
			t.Fatal("the dispatcher never waited for the rate limit")
		}
	}
}

// BenchmarkNotify50 renders and queues one grouped message for 50 events
// (the outbox write includes fsync), and renders it in every dialect.
func BenchmarkNotify50(b *testing.B) {
	ob, _ := outbox.Open(b.TempDir())
	rec := &recorder{name: "wecom"}
	d, _ := notifier.NewDispatcher(notifier.Options{Outbox: ob}, notifier.Target{Channel: rec})
	var round []notifier.Alert
	for i := range 50 {
		a := alert(fmt.Sprintf("web%02d", i), notifier.Critical, false)
		a.Usage = &notifier.Usage{CPU: 95, Mem: 40, Swap: 3, Disk: 70, DiskMount: "/"}
		a.TopCPU = []notifier.Proc{{PID: 1, Name: "python", CPU: 80, RSS: 1 << 30}, {PID: 2, Name: "java", CPU: 10, RSS: 1 << 29}}
		a.TopMem = a.TopCPU
		round = append(round, a)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Notify(context.Background(), round); err != nil {
			b.Fatal(err)
		}
		m := &notifier.Message{Kind: notifier.KindAlert, Alerts: round}
		doc := render.Build(m, render.Options{})
		render.WeComMarkdown(doc, 4096)
		render.DingTalkMarkdown(doc, 4000)
		render.TelegramHTML(doc, 4096)
		render.HTML(doc, nil)
		render.Text(doc, 0)
	}
}
