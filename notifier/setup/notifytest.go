package setup

import (
	"context"
	"fmt"
	"os"
	"time"

	"lookout/config"
	"lookout/notifier"
)

// NotifyTest sends a test message straight to the named channel (not
// through the outbox) and returns what the service replied, request by
// request. The error, if any, is the service's, without secrets.
func NotifyTest(ctx context.Context, cfg config.Config, name string, o Options) (replies []string, err error) {
	var cc *config.Channel
	for i := range cfg.Channels {
		if cfg.Channels[i].Name == name {
			cc = &cfg.Channels[i]
		}
	}
	if cc == nil {
		var names []string
		for _, c := range cfg.Channels {
			names = append(names, c.Name)
		}
		return nil, fmt.Errorf("no channel named %q (configured: %v)", name, names)
	}
	ch, err := Channel(cfg, *cc, o)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	m := &notifier.Message{ID: fmt.Sprintf("test-%d", time.Now().UnixNano()), Kind: notifier.KindTest, Created: time.Now(),
		Title: "Lookout test: " + name, Text: "Lookout on " + host + " can post to this channel (" + cc.Type + ")."}
	ctx = notifier.WithReplies(ctx, func(r string) { replies = append(replies, r) })
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err = ch.Send(ctx, m)
	return replies, err
}
