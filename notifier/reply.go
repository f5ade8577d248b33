package notifier

import "context"

type replyKey struct{}

// WithReplies returns a context on which channels report each raw reply
// of their service (HTTP status and body, SMTP final reply) to fn: how
// `lookout notify-test` prints what the service said.
func WithReplies(ctx context.Context, fn func(reply string)) context.Context {
	return context.WithValue(ctx, replyKey{}, fn)
}

// RedactReplies returns a context whose replies pass through r before
// they reach the function of WithReplies: a channel wraps its Send's
// context with it, so that a service that echoes the request (its URL,
// an Authorization header, the robot's key) never shows a secret.
func RedactReplies(ctx context.Context, r Redactor) context.Context {
	fn, ok := ctx.Value(replyKey{}).(func(string))
	if !ok || len(r.secrets) == 0 {
		return ctx
	}
	return context.WithValue(ctx, replyKey{}, func(reply string) { fn(r.String(reply)) })
}

// Reply passes a service's reply to the function of WithReplies, if any.
// Channels call it on a context wrapped by RedactReplies.
func Reply(ctx context.Context, reply string) {
	if fn, ok := ctx.Value(replyKey{}).(func(string)); ok {
		fn(reply)
	}
}
