package notifier

import "time"

// Kind is what a message carries.
type Kind string

// Kinds of message.
const (
	KindAlert  Kind = "alert"  // Alerts: one evaluation round
	KindReport Kind = "report" // Report
	KindTest   Kind = "test"   // Title and Text: `lookout notify-test`
)

// Message is one notification for one channel, as it waits in the outbox.
// It carries structured content, not text: each channel renders it in its
// service's dialect when it sends it.
type Message struct {
	// ID is the message's stable identity, given by the outbox. Channels
	// whose service de-duplicates use it as the idempotency key (DingTalk
	// msgUuid, WeChat client_msg_id), so that a retry after a lost reply
	// is not shown twice.
	ID      string    `json:"id"`
	Kind    Kind      `json:"kind"`
	Created time.Time `json:"created"`

	Alerts []Alert `json:"alerts,omitempty"`
	Report *Report `json:"report,omitempty"`
	// Title and Text are a plain message (KindTest).
	Title string `json:"title,omitempty"`
	Text  string `json:"text,omitempty"`

	// PartsSent is how many requests of a multi-request message (WeCom's
	// markdown then its image, Telegram's text then its photo) the service
	// has already accepted: a retry resumes after them instead of
	// repeating them. Channels that send in several requests read and
	// advance it; the dispatcher stores it with the message.
	PartsSent int `json:"parts_sent,omitempty"`

	// Grouped marks a message made by grouping rounds of alerts (see
	// Grouping); it is not grouped again. Part and Parts number the
	// messages of a group too large for one ("2/3"); 0 when it is whole.
	Grouped bool `json:"grouped,omitempty"`
	Part    int  `json:"part,omitempty"`
	Parts   int  `json:"parts,omitempty"`
}

// Severity is the highest severity among the message's firing alerts (or
// among all its alerts, when every one is resolved). Reports and tests are
// Info.
func (m *Message) Severity() Severity {
	s, any := Info, false
	for _, a := range m.Alerts {
		if !a.Resolved && (!any || a.Severity > s) {
			s, any = a.Severity, true
		}
	}
	if !any {
		for _, a := range m.Alerts {
			s = max(s, a.Severity)
		}
	}
	return s
}

// Resolved reports whether the message is an all-clear: it has alerts and
// every one of them is resolved.
func (m *Message) Resolved() bool {
	if len(m.Alerts) == 0 {
		return false
	}
	for _, a := range m.Alerts {
		if !a.Resolved {
			return false
		}
	}
	return true
}

// Images returns the message's PNG charts in order: the report's chart
// and its further pages, then each host's, then each alert's.
func (m *Message) Images() [][]byte {
	var imgs [][]byte
	if r := m.Report; r != nil {
		if len(r.Chart) > 0 {
			imgs = append(imgs, r.Chart)
		}
		imgs = append(imgs, r.Pages...)
		for _, h := range r.Hosts {
			if len(h.Chart) > 0 {
				imgs = append(imgs, h.Chart)
			}
		}
	}
	for _, a := range m.Alerts {
		if len(a.Chart) > 0 {
			imgs = append(imgs, a.Chart)
		}
	}
	return imgs
}

// Hosts returns the distinct hosts of the message's alerts or report, in
// order of first appearance.
func (m *Message) Hosts() []string {
	seen := map[string]bool{}
	var hosts []string
	add := func(h string) {
		if h != "" && !seen[h] {
			seen[h] = true
			hosts = append(hosts, h)
		}
	}
	for _, a := range m.Alerts {
		add(a.Host)
	}
	if m.Report != nil {
		for _, h := range m.Report.Hosts {
			add(h.Host)
		}
	}
	return hosts
}
