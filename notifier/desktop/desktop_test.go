package desktop

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"lookout/notifier"
	"lookout/notifier/render"
)

func TestSend(t *testing.T) {
	ch := New("desktop", nil, render.Options{Lang: render.ZH})
	m := &notifier.Message{Kind: notifier.KindAlert}
	start := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	for range 30 {
		m.Alerts = append(m.Alerts, notifier.Alert{Host: "web1", Rule: "cpu", Severity: notifier.Warning, Value: 85, Threshold: 80, Peak: 90, Unit: "%", Start: start, At: start})
	}
	if retry, err := ch.Send(context.Background(), m); err == nil || !retry {
		t.Fatalf("Send without a desktop = %v, %v; want retryable", retry, err)
	}
	var title, body string
	ch.Set(func(t, b string) { title, body = t, b })
	if _, err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "警告") || !strings.Contains(title, "30") {
		t.Errorf("title %q", title)
	}
	if utf8.RuneCountInString(body) > BodyLimit || !strings.Contains(body, "还有") {
		t.Errorf("body (%d chars) %q", utf8.RuneCountInString(body), body)
	}
}
