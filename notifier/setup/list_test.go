package setup

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"lookout/notifier"
	"lookout/notifier/outbox"
)

// TestPrintOutboxShowsWhyAndNoEscapes: a dead letter's reason is listed,
// and a reason or summary carrying a terminal escape sequence (a
// service's reply, a host's name) is printed visibly, not raw.
func TestPrintOutboxShowsWhyAndNoEscapes(t *testing.T) {
	ob, err := outbox.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for i, why := range []string{notifier.ReasonFull(1000), "wecom: error 93000: \x1b]0;pwned\x07invalid\x1b[2J"} {
		e := outbox.Entry{ID: ob.NewID(), Channel: "ops", Created: now, Summary: "critical: 1 alert(s): web\x1b[31m/cpu", Payload: []byte("{}")}
		if err := ob.Put(e); err != nil {
			t.Fatal(err)
		}
		if err := ob.Kill(e, why); err != nil {
			t.Fatal(i, err)
		}
	}
	var b bytes.Buffer
	if err := PrintOutbox(&b, ob, now); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("raw control characters printed: %q", out)
	}
	for _, want := range []string{"WHY", "dropped: outbox full (max 1000)", `\x1b]0;pwned\x07invalid\x1b[2J`, `web\x1b[31m/cpu`} {
		if !strings.Contains(out, want) {
			t.Errorf("listing lacks %q:\n%s", want, out)
		}
	}
}
