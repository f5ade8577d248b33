// Package alertmanager is the channel that hands Lookout's alerts to a
// Prometheus Alertmanager (API v2, POST /api/v2/alerts), so that a team's
// existing routes, inhibitions, silences and receivers take them from
// there.
//
// Each alert is posted with the labels alertname (the rule: cpu, mem,
// disk, unreachable, …), host, severity, and mount or process where the
// rule has one, plus the channel's own labels; its annotations summary and
// description are the message's title and text in the channel's
// language. A firing alert carries startsAt and an endsAt a few resend
// intervals ahead, as Prometheus does: Alertmanager resolves an alert that
// is not posted again before its endsAt, so the channel re-posts what
// still fires every resend interval (Refresh, driven by the dispatcher).
// A resolved alert is posted with endsAt, its end. A change of severity
// ends the alert of the old severity, since the label set names an alert.
//
// Delivery of the events themselves goes through the outbox like any
// other channel's: 5xx, 408, 429 and network failures are retried; other
// statuses are permanent. Reports are not alerts: the channel takes none.
package alertmanager

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"lookout/internal/amapi"
	"lookout/notifier"
	"lookout/notifier/internal/httpx"
	"lookout/notifier/render"
)

// DefaultResend is how often a firing alert is posted again: Prometheus'
// default resend_delay.
const DefaultResend = time.Minute

// Config is one Alertmanager channel.
type Config struct {
	Name string
	// API is the Alertmanager's client (internal/amapi), with its
	// authentication and TLS.
	API *amapi.Client
	// Labels are added to every alert (a team, an environment); they never
	// replace Lookout's own.
	Labels map[string]string
	// Resend is how often a firing alert is posted again (DefaultResend
	// when 0); its endsAt is four of them ahead, so that three lost posts
	// do not resolve it.
	Resend time.Duration
	// GeneratorURL is the generatorURL of every alert (optional).
	GeneratorURL string
	Render       render.Options
	// Secrets are redacted from errors (the token, the password).
	Secrets []string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Channel posts alerts to one Alertmanager.
type Channel struct {
	cfg    Config
	redact notifier.Redactor

	mu sync.Mutex
	// posted is the severity last posted as firing, by alert.
	posted map[string]notifier.Severity
	// ended is the start of the last alert posted as resolved, by alert:
	// a refresh that raced the resolution does not fire it again.
	ended map[string]time.Time
}

// New checks c and returns the channel.
func New(c Config) (*Channel, error) {
	if c.API == nil {
		return nil, errors.New("alertmanager: no API client")
	}
	if c.Resend <= 0 {
		c.Resend = DefaultResend
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	for k := range c.Labels {
		if !labelName(k) {
			return nil, errors.New("alertmanager: labels: " + strconv.Quote(k) + " is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)")
		}
	}
	return &Channel{cfg: c, redact: notifier.NewRedactor(c.Secrets...), posted: map[string]notifier.Severity{}, ended: map[string]time.Time{}}, nil
}

func labelName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// Name is the channel's name.
func (c *Channel) Name() string { return c.cfg.Name }

// RefreshEvery is the resend interval.
func (c *Channel) RefreshEvery() time.Duration { return c.cfg.Resend }

// Key identifies an alert across its events, as the dispatcher does.
func key(a notifier.Alert) string { return a.Host + "\x00" + a.Rule + "\x00" + a.Metric }

// Labels are the labels of a's alert in Alertmanager: alertname (the
// rule), host, severity, and mount (disk), process (process) or cpu
// (cpu_core) from the rule's key, then extra where they do not clash.
func Labels(a notifier.Alert, sev notifier.Severity, extra map[string]string) map[string]string {
	name, member, _ := strings.Cut(a.Rule, ":")
	if name == "" {
		name, member, _ = strings.Cut(a.Metric, ":")
	}
	l := map[string]string{"alertname": name, "host": a.Host, "severity": sev.String()}
	if member != "" {
		switch name {
		case "disk":
			l["mount"] = member
		case "process":
			l["process"] = member
		case "cpu_core":
			l["cpu"] = member
		default:
			l["key"] = member
		}
	}
	for k, v := range extra {
		if _, ok := l[k]; !ok {
			l[k] = v
		}
	}
	return l
}

// Alerts are the postable alerts of alerts at now: firing ones end four
// resend intervals ahead, resolved ones at their end; a firing alert
// whose severity changed also ends the alert of its old severity.
func (c *Channel) Alerts(alerts []notifier.Alert, now time.Time) []amapi.Alert {
	var out []amapi.Alert
	for _, a := range alerts {
		single := &notifier.Message{Kind: notifier.KindAlert, Created: now, Alerts: []notifier.Alert{a}}
		doc := render.Build(single, c.cfg.Render)
		pa := amapi.Alert{Labels: Labels(a, a.Severity, c.cfg.Labels), StartsAt: a.Start,
			Annotations:  map[string]string{"summary": doc.Title, "description": render.Body(doc, 0)},
			GeneratorURL: c.cfg.GeneratorURL}
		if pa.StartsAt.IsZero() {
			pa.StartsAt = a.At
		}
		if a.Resolved {
			pa.EndsAt = a.At
			if pa.EndsAt.IsZero() || pa.EndsAt.After(now) {
				pa.EndsAt = now
			}
		} else {
			pa.EndsAt = now.Add(4 * c.cfg.Resend)
		}
		out = append(out, pa)
		// The alert of another severity than this one's, if Lookout posted
		// it, ends now.
		old := []notifier.Severity{}
		if a.Was != notifier.Info && a.Was != a.Severity {
			old = append(old, a.Was)
		}
		c.mu.Lock()
		if p, ok := c.posted[key(a)]; ok && p != a.Severity && (len(old) == 0 || old[0] != p) {
			old = append(old, p)
		}
		c.mu.Unlock()
		for _, s := range old {
			e := pa
			e.Labels = Labels(a, s, c.cfg.Labels)
			e.Annotations = maps.Clone(pa.Annotations)
			e.EndsAt = now
			out = append(out, e)
		}
	}
	return out
}

// remember records what was posted.
func (c *Channel) remember(alerts []notifier.Alert) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, a := range alerts {
		k := key(a)
		if a.Resolved {
			delete(c.posted, k)
			c.ended[k] = a.Start
			continue
		}
		c.posted[k] = a.Severity
		if s, ok := c.ended[k]; ok && !s.Equal(a.Start) {
			delete(c.ended, k) // a new incident of the same rule
		}
	}
}

// Send posts the alerts of m. A test message is posted as an alert named
// LookoutTest of severity info that ends in five minutes; reports are
// not sent (an Alertmanager takes alerts only).
func (c *Channel) Send(ctx context.Context, m *notifier.Message) (bool, error) {
	now := c.cfg.Now()
	var alerts []amapi.Alert
	switch m.Kind {
	case notifier.KindAlert:
		alerts = c.Alerts(m.Alerts, now)
	case notifier.KindTest:
		alerts = []amapi.Alert{{Labels: map[string]string{"alertname": "LookoutTest", "severity": "info"},
			Annotations: map[string]string{"summary": m.Title, "description": m.Text}, StartsAt: now, EndsAt: now.Add(5 * time.Minute)}}
		for k, v := range c.cfg.Labels {
			alerts[0].Labels[k] = v
		}
	default:
		return false, nil
	}
	if len(alerts) == 0 {
		return false, nil
	}
	if err := c.cfg.API.PostAlerts(ctx, alerts); err != nil {
		retry, err := classify(err)
		return retry, c.redact.Error(err)
	}
	notifier.Reply(ctx, "HTTP 200")
	if m.Kind == notifier.KindAlert {
		c.remember(m.Alerts)
	}
	return false, nil
}

// Refresh posts again the alerts that still fire, so that Alertmanager
// keeps them (the dispatcher calls it every RefreshEvery with the alerts
// this channel was sent). Alerts it has posted as resolved are left out.
func (c *Channel) Refresh(ctx context.Context, firing []notifier.Alert) error {
	var keep []notifier.Alert
	c.mu.Lock()
	for _, a := range firing {
		if a.Resolved {
			continue
		}
		if s, ok := c.ended[key(a)]; ok && s.Equal(a.Start) {
			continue
		}
		a.Reminder = false
		keep = append(keep, a)
	}
	c.mu.Unlock()
	if len(keep) == 0 {
		return nil
	}
	if err := c.cfg.API.PostAlerts(ctx, c.Alerts(keep, c.cfg.Now())); err != nil {
		_, err = classify(err)
		return c.redact.Error(err)
	}
	c.remember(keep)
	return nil
}

// classify maps the client's errors to a ServiceError and whether a
// retry may help.
func classify(err error) (bool, error) {
	var se *amapi.StatusError
	if errors.As(err, &se) {
		e := &notifier.ServiceError{Service: "alertmanager", Status: se.Status, Code: strconv.Itoa(se.Status), Msg: se.Msg}
		return httpx.RetryableStatus(se.Status) || se.Status == http.StatusServiceUnavailable, e
	}
	return httpx.Retryable(err), &notifier.ServiceError{Service: "alertmanager", Msg: httpx.Describe(err)}
}
