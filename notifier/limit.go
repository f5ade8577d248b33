package notifier

import (
	"math/rand/v2"
	"time"
)

// Limit is a service's rate limit: at most N requests in any window of
// length Per. N = 0 means no limit.
type Limit struct {
	N   int
	Per time.Duration
}

// window keeps a sliding-window limit: it remembers the times of the last
// N requests, so the (N+1)th waits until the oldest leaves the window.
// A sliding window matches how WeCom and DingTalk count ("20 per minute"),
// where a token bucket would allow a burst they reject.
type window struct {
	limit Limit
	times []time.Time // ring of the last N request times, oldest first
}

// take records a request at now.
func (w *window) take(now time.Time) {
	if w.limit.N <= 0 {
		return
	}
	w.times = append(w.times, now)
	if len(w.times) > w.limit.N {
		w.times = w.times[len(w.times)-w.limit.N:]
	}
}

// Backoff is the retry policy for retryable failures: the first retry
// waits Initial, each next one Factor times longer up to Max, each spread
// by ±Jitter (a fraction) so that many Lookouts do not retry in step.
// After Attempts failed attempts a message moves to the dead letters.
type Backoff struct {
	Initial  time.Duration
	Max      time.Duration
	Factor   float64
	Jitter   float64
	Attempts int
}

// DefaultBackoff retries after 5 s, 10 s, 20 s, ... up to 10 min, for 12
// attempts: about an hour and a half of trying before a message is dead.
var DefaultBackoff = Backoff{Initial: 5 * time.Second, Max: 10 * time.Minute, Factor: 2, Jitter: 0.2, Attempts: 12}

// Delay returns the wait before retry number attempt (1 = first retry).
func (b Backoff) Delay(attempt int, rnd *rand.Rand) time.Duration {
	d := float64(b.Initial)
	for i := 1; i < attempt && d < float64(b.Max); i++ {
		d *= b.Factor
	}
	d = min(d, float64(b.Max))
	if b.Jitter > 0 && rnd != nil {
		d *= 1 + b.Jitter*(2*rnd.Float64()-1)
	}
	return time.Duration(d)
}

// nextN returns when k more requests may go.
func (w *window) nextN(now time.Time, k int) time.Time {
	if w.limit.N <= 0 {
		return now
	}
	k = min(k, w.limit.N)
	free := w.limit.N - len(w.times)
	if free >= k {
		return now
	}
	// The (k-free)th oldest request must leave the window first.
	t := w.times[k-free-1].Add(w.limit.Per)
	if t.Before(now) {
		return now
	}
	return t
}
