package notifier

import "context"

type replyKey struct{}

// WithReplies returns a context on which channels report each raw reply
// of their service (HTTP status and body, SMTP final reply) to fn: how
// `lookout notify-test` prints what the service said.
func WithReplies(ctx context.Context, fn func(reply string)) context.Context {
	return context.WithValue(ctx, replyKey{}, fn)
}

// Reply passes a service's reply to the function of WithReplies, if any.
// Channels call it with text that has been redacted.
func Reply(ctx context.Context, reply string) {
	if fn, ok := ctx.Value(replyKey{}).(func(string)); ok {
		fn(reply)
	}
}
