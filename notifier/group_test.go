package notifier_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"lookout/notifier"
	"lookout/notifier/outbox"
	"lookout/notifier/render"
)

// clocked records the fake time of each message it is sent.
type clocked struct {
	recorder
	clk *fakeClock
	mu  sync.Mutex
	at  []time.Time
}

func (c *clocked) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	c.mu.Lock()
	c.at = append(c.at, c.clk.Now())
	c.mu.Unlock()
	return c.recorder.Send(ctx, m)
}

// TestStormIsGrouped: 30 hosts going critical within a minute, one round
// every 2 s, reach each channel as at most 3 messages (group_wait 10 s,
// group_interval 1 min) that name every host once, the last one about a
// minute after the storm began, not 60 messages paced at 20 a minute.
func TestStormIsGrouped(t *testing.T) {
	ob, _ := outbox.Open(t.TempDir())
	clk := newFakeClock()
	start := clk.Now()
	wecom := &clocked{recorder: recorder{name: "wecom"}, clk: clk}
	mail := &clocked{recorder: recorder{name: "mail"}, clk: clk}
	d, err := notifier.NewDispatcher(notifier.Options{Outbox: ob, Backoff: fast, Clock: clk, Group: notifier.DefaultGrouping},
		notifier.Target{Channel: wecom, Limit: notifier.Limit{N: 20, Per: time.Minute}}, notifier.Target{Channel: mail})
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, d)
	defer stop()
	// Both workers look at what Notify queued before the clock moves on.
	const workers = 2
	for i := range 30 {
		a := alert(fmt.Sprintf("node-%02d", i+1), notifier.Critical, false)
		a.Start, a.At = clk.Now(), clk.Now()
		before := clk.registrations()
		if _, err := d.Notify(context.Background(), []notifier.Alert{a}); err != nil {
			t.Fatal(err)
		}
		clk.settle(before + workers)
		clk.advanceSettled(time.Second)
		clk.advanceSettled(time.Second)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		q, _, _ := ob.List()
		if len(q) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still queued: %d", len(q))
		}
		clk.advanceSettled(time.Second)
	}
	for _, c := range []*clocked{wecom, mail} {
		got := c.messages()
		if len(got) > 3 || len(got) == 0 {
			t.Errorf("%s: %d messages, want 1 to 3", c.name, len(got))
		}
		named := map[string]int{}
		for _, m := range got {
			for _, a := range m.Alerts {
				named[a.Host]++
			}
			out := render.WeComMarkdown(render.Build(m, render.Options{}), 4096)
			for _, a := range m.Alerts {
				if !strings.Contains(out, a.Host) {
					t.Errorf("%s: %s not in the text", c.name, a.Host)
				}
			}
		}
		for i := range 30 {
			if h := fmt.Sprintf("node-%02d", i+1); named[h] != 1 {
				t.Errorf("%s: %s named %d times", c.name, h, named[h])
			}
		}
		c.mu.Lock()
		last := c.at[len(c.at)-1]
		first := c.at[0]
		c.mu.Unlock()
		if first.Sub(start) < notifier.DefaultGroupWait {
			t.Errorf("%s: first message after %v, before group_wait", c.name, first.Sub(start))
		}
		// The storm ends at 58 s; its last group goes one interval after the first.
		if late := last.Sub(start); late > 80*time.Second {
			t.Errorf("%s: last message %v after the storm began", c.name, late)
		}
	}
}
