package render

import (
	"strings"
	"testing"
	"time"

	"lookout/notifier"
)

// TestConditionAlert: an alert without a metric (a host unreachable, a
// process missing) shows its note and no meaningless value or threshold.
func TestConditionAlert(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	m := &notifier.Message{Kind: notifier.KindAlert, Created: at, Alerts: []notifier.Alert{{
		Host: "web-1", Rule: "unreachable", Severity: notifier.Critical, Value: 1, Threshold: 1,
		Start: at.Add(-time.Minute), At: at, Note: "dial tcp 127.0.0.1:22: connect: connection refused"}}}
	doc := Build(m, Options{})
	var text []string
	for _, s := range doc.Sections {
		for _, it := range s.Items {
			for _, l := range it.Lines {
				text = append(text, l.Plain())
			}
		}
	}
	all := strings.Join(text, "\n")
	if !strings.Contains(all, "connection refused") {
		t.Errorf("note missing:\n%s", all)
	}
	if strings.Contains(all, "threshold") || strings.Contains(all, "peak") {
		t.Errorf("a condition shows a value:\n%s", all)
	}
}
