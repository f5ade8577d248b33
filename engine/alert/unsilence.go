package alert

import "time"

// silenceEnded sends t's open alert now that the silence that covered it
// ended, expired or was removed, as Alertmanager does: what was held (a
// firing, an escalation, flapping) is sent at once, and so is the
// reminder of an alert sent before the silence when one came due during
// it. An alert sent before whose next reminder is not due yet, or that
// was acknowledged, keeps its schedule. The event is marked with
// SilenceEnded.
func (e *Engine) silenceEnded(h *hostState, t *track, now time.Time, out []Event) []Event {
	a := t.a
	ended, prev, notified := a.mutedBy, a.sentSev, a.notified
	a.mutedBy = ""
	due := t.r.Repeat > 0 && now.Sub(a.lastNotice) >= t.r.Repeat
	if !a.held && notified && (a.acked || !due) {
		return out
	}
	kind := KindRepeat
	switch {
	case a.flapping:
		kind = KindFlapping
	case !notified || prev != t.sev:
		kind = KindFiring
	}
	ev := e.event(h, t, kind, now, SeverityNone, "")
	ev.SilenceEnded = ended
	if kind == KindFiring && notified && prev != ev.Severity {
		ev.PrevSeverity = prev
	}
	return append(out, ev)
}

// releaseResolutions sends the resolutions that silences held back, of
// alerts whose firing had been sent, once no silence holds them any more.
// The caller holds e.mu.
func (e *Engine) releaseResolutions(now time.Time, out []Event) []Event {
	keep := e.heldRes[:0]
	for _, ev := range e.heldRes {
		if e.silencedBy(ev.Host, ev.Key, now) != "" {
			keep = append(keep, ev)
			continue
		}
		ev.SilenceEnded, ev.Silence, ev.Sent = ev.Silence, "", true
		ev.At, ev.History = now, nil // Duration stays: how long the alert lasted
		out = append(out, ev)
	}
	clear(e.heldRes[len(keep):])
	e.heldRes = keep
	return out
}
