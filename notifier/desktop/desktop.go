// Package desktop shows messages as desktop notifications through a
// function the application hands in — in the window, Fyne's
// App.SendNotification — so that the notifier never imports Fyne. The
// headless daemon has no desktop: until a function is set, Send fails
// with a retryable error and the messages wait in the outbox.
package desktop

import (
	"context"
	"errors"
	"sync"

	"lookout/notifier"
	"lookout/notifier/render"
)

// BodyLimit is the most characters of a notification's body: desktops
// show a few lines.
const BodyLimit = 300

// Func shows one notification.
type Func func(title, body string)

// Channel is the desktop.
type Channel struct {
	name   string
	opts   render.Options
	mu     sync.Mutex
	notify Func
}

// New returns a desktop channel; fn may be nil and set later with Set.
func New(name string, fn Func, opts render.Options) *Channel {
	return &Channel{name: name, notify: fn, opts: opts}
}

// Set hands in (or, with nil, takes away) the notification function.
func (c *Channel) Set(fn Func) {
	c.mu.Lock()
	c.notify = fn
	c.mu.Unlock()
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.name }

// ErrNoDesktop is returned while no notification function is set.
var ErrNoDesktop = errors.New("desktop: no desktop session to show notifications on")

// Send shows m's title and the start of its text.
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	c.mu.Lock()
	fn := c.notify
	c.mu.Unlock()
	if fn == nil {
		return true, ErrNoDesktop
	}
	doc := render.Build(m, c.opts)
	doc.Footer = ""
	body := render.Body(doc, BodyLimit)
	fn(doc.Title, body)
	notifier.Reply(ctx, "shown: "+doc.Title)
	return false, nil
}
