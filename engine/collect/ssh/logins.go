package ssh

import "context"

// Logins bounds the logins under way at once across the collectors that
// share it (Options.Logins): a start, a reload or a network blip then
// logs in to a few servers at a time, not to the whole fleet at once.
// Polls of hosts that are connected never wait for it.
type Logins struct{ slots chan struct{} }

// NewLogins returns a bound of n logins at a time (n < 1 means 1).
func NewLogins(n int) *Logins {
	return &Logins{slots: make(chan struct{}, max(n, 1))}
}

// acquire waits for a free slot. Only the caller cancelling ctx ends the
// wait, not its deadline: a host queued behind slow logins still gets its
// turn, and its login then has the whole of its own deadline. A nil
// *Logins never waits.
func (l *Logins) acquire(ctx context.Context) error {
	if l == nil {
		return nil
	}
	ctx, stop := withoutDeadline(ctx)
	defer stop()
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *Logins) release() {
	if l != nil {
		<-l.slots
	}
}

// InUse returns the logins under way now.
func (l *Logins) InUse() int {
	if l == nil {
		return 0
	}
	return len(l.slots)
}
