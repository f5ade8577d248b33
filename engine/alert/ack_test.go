package alert

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// TestAcknowledge: an acknowledged alert sends no reminders, even after a
// restart, and its resolution is still sent.
func TestAcknowledge(t *testing.T) {
	h := newHarness(t, "[rules]\nsustain = 1\nrepeat = \"10m\"\n")
	h.poll("web", cpu(90))
	h.tick(time.Minute)
	if got := short(h.all); !slices.Equal(got, []string{"firing:warning cpu"}) {
		t.Fatalf("events %v", got)
	}
	id := h.all[0].ID
	if err := h.e.Acknowledge(id, "ops"); err != nil {
		t.Fatal(err)
	}
	if err := h.e.Acknowledge("nope", ""); !errors.Is(err, ErrNoAlert) {
		t.Errorf("unknown id: %v", err)
	}
	if act := h.e.Active(); len(act) != 1 || !act[0].Acked {
		t.Fatalf("active %+v", act)
	}
	h.restart()
	if act := h.e.Active(); len(act) != 1 || !act[0].Acked || act[0].ID != id {
		t.Fatalf("after restart %+v", act)
	}
	h.all = nil
	for range 25 {
		h.poll("web", cpu(90))
		h.tick(time.Minute)
	}
	if len(h.all) != 0 {
		t.Fatalf("reminders after acknowledge: %v", short(h.all))
	}
	h.poll("web", cpu(10))
	h.tick(time.Minute)
	if got := short(h.all); !slices.Equal(got, []string{"resolved:warning cpu"}) || !h.all[0].Sent {
		t.Fatalf("resolution %v", got)
	}
}
