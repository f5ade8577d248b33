// Package channeltest is the test suite every channel passes against its
// strict fake server: success, each retryable and each permanent error,
// a hang, a closed port, secrets kept out of every error, and a restart
// with queued messages (delivered once, in order).
package channeltest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"lookout/internal/fake"
	"lookout/notifier"
	"lookout/notifier/outbox"
)

// Scripter is the part of a fake the suite drives.
type Scripter interface {
	Script(...fake.Reply)
	Violations() []string
}

// Suite describes one channel and its fake.
type Suite struct {
	// New builds the channel against the fake (closed=false) or against
	// an address where nothing listens (closed=true).
	New  func(t *testing.T, closed bool) notifier.Channel
	Fake Scripter
	// Texts returns the texts of the messages the fake accepted, in
	// order (one per message, not per request).
	Texts func() []string
	// Retryable and Permanent are the service's error replies of each
	// kind, from the contract.
	Retryable []fake.Reply
	Permanent []fake.Reply
	// Secrets must appear in no error and no log line.
	Secrets []string
	// NoHang skips the hang case (a service with no network).
	NoHang bool
}

// TestMessage is a small message with a recognisable title.
func TestMessage(title string) *notifier.Message {
	return &notifier.Message{Kind: notifier.KindTest, Title: title, Text: "body of " + title,
		Created: time.Date(2024, 5, 1, 14, 5, 0, 0, time.UTC)}
}

func (s Suite) noLeak(t *testing.T, what string, text string) {
	t.Helper()
	for _, sec := range s.Secrets {
		if sec != "" && strings.Contains(text, sec) {
			t.Errorf("%s leaks a secret: %s", what, text)
		}
	}
}

func send(ch notifier.Channel, m *notifier.Message, timeout time.Duration) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return ch.Send(ctx, m)
}

// Run runs the suite. The restart case goes first, while the fake's
// rate-limit window is empty: the dispatcher keeps the channel's own
// limits, and the fake flags any request over them.
func Run(t *testing.T, s Suite) {
	t.Run("restart with queued messages", func(t *testing.T) { s.restart(t) })
	// The cases below send directly, without the dispatcher's limiter:
	// let a short window (Slack's one second) pass first.
	if l, ok := s.New(t, false).(notifier.Limiter); ok {
		for _, lim := range l.RateLimits() {
			if lim.Per <= time.Second {
				time.Sleep(lim.Per)
			}
		}
	}
	t.Run("success", func(t *testing.T) {
		ch := s.New(t, false)
		before := len(s.Texts())
		var replies []string
		ctx := notifier.WithReplies(context.Background(), func(r string) { replies = append(replies, r) })
		if _, err := ch.Send(ctx, TestMessage("hello")); err != nil {
			t.Fatalf("Send: %v", err)
		}
		texts := s.Texts()
		if len(texts) != before+1 || !strings.Contains(texts[len(texts)-1], "hello") {
			t.Errorf("fake got %q, want one more message with the title", texts)
		}
		if len(replies) == 0 {
			t.Error("no reply reported to WithReplies")
		}
		for _, r := range replies {
			s.noLeak(t, "reply", r)
		}
		if v := s.Fake.Violations(); len(v) > 0 {
			t.Errorf("contract violations: %q", v)
		}
	})
	for _, rep := range s.Retryable {
		t.Run("retryable "+name(rep), func(t *testing.T) {
			ch := s.New(t, false)
			s.Fake.Script(rep)
			retry, err := send(ch, TestMessage("x"), 10*time.Second)
			if err == nil || !retry {
				t.Fatalf("Send = %v, %v; want a retryable error", retry, err)
			}
			if rep.Code != "" && !strings.Contains(err.Error(), rep.Code) {
				t.Errorf("error %q does not name the service's code %s", err, rep.Code)
			}
			if rep.RetryAfter > 0 && notifier.RetryAfter(err) != rep.RetryAfter {
				t.Errorf("RetryAfter = %v, want %v", notifier.RetryAfter(err), rep.RetryAfter)
			}
			s.noLeak(t, "error", err.Error())
		})
	}
	for _, rep := range s.Permanent {
		t.Run("permanent "+name(rep), func(t *testing.T) {
			ch := s.New(t, false)
			s.Fake.Script(rep)
			retry, err := send(ch, TestMessage("x"), 10*time.Second)
			if err == nil || retry {
				t.Fatalf("Send = %v, %v; want a permanent error", retry, err)
			}
			want := rep.Msg
			if want == "" {
				want = rep.Code
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not carry the service's message %q", err, want)
			}
			s.noLeak(t, "error", err.Error())
		})
	}
	if !s.NoHang {
		t.Run("hang", func(t *testing.T) {
			ch := s.New(t, false)
			s.Fake.Script(fake.Reply{Hang: true})
			retry, err := send(ch, TestMessage("x"), 300*time.Millisecond)
			if err == nil || !retry {
				t.Fatalf("Send = %v, %v; want a retryable time-out", retry, err)
			}
			s.noLeak(t, "error", err.Error())
		})
		t.Run("closed port", func(t *testing.T) {
			ch := s.New(t, true)
			retry, err := send(ch, TestMessage("x"), 10*time.Second)
			if err == nil || !retry {
				t.Fatalf("Send = %v, %v; want a retryable error", retry, err)
			}
			s.noLeak(t, "error", err.Error())
		})
	}
}

func name(r fake.Reply) string {
	switch {
	case r.Code != "":
		return r.Code
	case r.Status != 0:
		return fmt.Sprint(r.Status)
	}
	return "reply"
}

// restart queues three messages, fails the first delivery, stops the
// dispatcher ("Lookout is closed"), opens the outbox again in a new
// dispatcher and checks that the fake gets each message once, in order.
func (s Suite) restart(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fast := notifier.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond, Factor: 2, Attempts: 50}
	before := len(s.Texts())

	ob, err := outbox.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ch := s.New(t, false)
	d, err := notifier.NewDispatcher(notifier.Options{Outbox: ob, Backoff: fast, Log: log},
		notifier.Target{Channel: ch})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if _, err := d.Enqueue(ch.Name(), TestMessage(fmt.Sprintf("msg %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	// First run: the service fails once (retryable), and Lookout is closed
	// before the retry.
	if len(s.Retryable) > 0 {
		s.Fake.Script(s.Retryable[0])
	}
	ctx, cancel := context.WithCancel(context.Background())
	failed := make(chan struct{})
	slowOpts := notifier.Options{Outbox: ob, Backoff: notifier.Backoff{Initial: time.Hour, Max: time.Hour, Factor: 1, Attempts: 50}, Log: log,
		OnStatus: func(_ string, st notifier.Status) {
			if st.LastError != "" {
				select {
				case <-failed:
				default:
					close(failed)
				}
			}
		}}
	d1, err := notifier.NewDispatcher(slowOpts, notifier.Target{Channel: ch})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- d1.Run(ctx) }()
	if len(s.Retryable) > 0 {
		select {
		case <-failed:
		case <-time.After(20 * time.Second):
			t.Fatal("the first delivery never failed")
		}
	}
	cancel()
	<-done
	ob.Close()
	q, _ := ob.Queue(ch.Name())
	if len(q) != 3 && len(s.Retryable) > 0 {
		t.Fatalf("after the failed run %d messages are queued, want 3", len(q))
	}
	for _, e := range q {
		s.noLeak(t, "outbox listing", e.Summary+" "+e.LastError+" "+string(e.Payload))
	}

	// Second run: a new process opens the same outbox.
	ob2, err := outbox.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ch2 := s.New(t, false)
	d3, err := notifier.NewDispatcher(notifier.Options{Outbox: ob2, Backoff: fast, Log: log},
		notifier.Target{Channel: ch2})
	if err != nil {
		t.Fatal(err)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { done <- d3.Run(ctx2) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		q, _ := ob2.Queue(ch.Name())
		if len(q) == 0 {
			break
		}
		if time.Now().After(deadline) {
			cancel2()
			<-done
			t.Fatalf("messages still queued: %d; log:\n%s", len(q), logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel2()
	<-done
	got := s.Texts()[before:]
	if len(got) != 3 {
		t.Fatalf("fake got %d messages, want 3 (once each): %q", len(got), got)
	}
	for i, txt := range got {
		if !strings.Contains(txt, fmt.Sprintf("msg %d", i+1)) {
			t.Errorf("message %d is %q, want msg %d (in order)", i+1, txt, i+1)
		}
	}
	_, dead, _ := ob2.List()
	if len(dead) > 0 {
		t.Errorf("dead letters: %+v", dead)
	}
	s.noLeak(t, "log", logs.String())
	if v := s.Fake.Violations(); len(v) > 0 {
		t.Errorf("contract violations: %q", v)
	}
}
