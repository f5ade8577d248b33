package history

import "time"

// commitTick commits the queue every DefaultCommitEvery of simulated time,
// as the writer goroutine does on the wall clock.
func commitTick(s *Store, now time.Time) {
	if now.UnixMilli()%DefaultCommitEvery.Milliseconds() < 2000 {
		s.Flush()
	}
}
