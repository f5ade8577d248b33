package notifier

import (
	"context"
	"strings"
	"testing"
)

func TestRedactorEscapedForms(t *testing.T) {
	const sec = "a&b=c/d+e<f>"
	r := NewRedactor(sec)
	tests := []struct {
		name, in string
	}{
		{"plain", "key " + sec},
		{"query escaped", "GET /send?key=a%26b%3Dc%2Fd%2Be%3Cf%3E"},
		{"path escaped", "POST /hook/a&b=c%2Fd+e%3Cf%3E"},
		{"in a JSON string", `{"echo":"a\u0026b=c/d+e\u003cf\u003e"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.String(tt.in)
			if !strings.Contains(got, "<secret>") || strings.Contains(got, "c/d") || strings.Contains(got, "c%2Fd") {
				t.Errorf("String(%q) = %q", tt.in, got)
			}
		})
	}
}

func TestRedactReplies(t *testing.T) {
	var got []string
	ctx := WithReplies(context.Background(), func(r string) { got = append(got, r) })
	Reply(RedactReplies(ctx, NewRedactor("robot-key-1")), `HTTP 200 {"echo":"POST /send?key=robot-key-1"}`)
	if len(got) != 1 || strings.Contains(got[0], "robot-key-1") {
		t.Errorf("replies %q", got)
	}
	// No reply function: nothing to wrap, nothing happens.
	Reply(RedactReplies(context.Background(), NewRedactor("robot-key-1")), "x")
}
