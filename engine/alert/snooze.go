package alert

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"time"
)

// loadSilences reads the run-time silences file.
func (e *Engine) loadSilences() error {
	st, err := os.Stat(e.silencePath)
	stamp := fileStamp{}
	if err == nil {
		stamp = fileStamp{st.ModTime(), st.Size()}
	}
	ss, err := LoadSilences(e.silencePath)
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.rtSilences, e.silStamp = ss, stamp
	e.mu.Unlock()
	return nil
}

// loadSilencesIfChanged rereads the silences file when another process
// (lookout silence) changed it.
func (e *Engine) loadSilencesIfChanged() error {
	st, err := os.Stat(e.silencePath)
	stamp := fileStamp{}
	if err == nil {
		stamp = fileStamp{st.ModTime(), st.Size()}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	e.mu.Lock()
	same := stamp == e.silStamp
	e.mu.Unlock()
	if same {
		return nil
	}
	return e.loadSilences()
}

// silencedBy returns the ID of a silence that holds key of host at now, or
// "". The caller holds e.mu.
func (e *Engine) silencedBy(host, key string, now time.Time) string {
	for _, list := range [][]Silence{e.rtSilences, e.cfgSilences} {
		for i := range list {
			if s := &list[i]; s.ActiveAt(now) && s.Matches(host, key) {
				return s.ID
			}
		}
	}
	return ""
}

// Silences returns the configured maintenance windows and the run-time
// silences that have not expired.
func (e *Engine) Silences() []Silence {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock.Now()
	var out []Silence
	for _, s := range append(slices.Clone(e.cfgSilences), e.rtSilences...) {
		if !s.Expired(now) {
			out = append(out, s)
		}
	}
	return out
}

// AddSilence adds a run-time silence and saves it, so that it outlives a
// restart. It fills in the ID, the creation time and, when zero, the start.
func (e *Engine) AddSilence(s Silence) (Silence, error) {
	now := e.clock.Now()
	if s.ID == "" {
		s.ID = NewSilenceID()
	}
	if s.Created.IsZero() {
		s.Created = now
	}
	if s.Start.IsZero() {
		s.Start = now
	}
	if s.Source == "" {
		s.Source = SourceCLI
	}
	if !s.Daily && (s.End.IsZero() || !s.End.After(s.Start)) {
		return Silence{}, fmt.Errorf("silence: the end %s is not after the start %s", s.End.Format(time.RFC3339), s.Start.Format(time.RFC3339))
	}
	err := e.editSilences(func(ss []Silence) []Silence { return append(ss, s) })
	return s, err
}

// RemoveSilence ends the run-time silence with the given ID.
func (e *Engine) RemoveSilence(id string) error {
	found := false
	err := e.editSilences(func(ss []Silence) []Silence {
		return slices.DeleteFunc(ss, func(s Silence) bool {
			found = found || s.ID == id
			return s.ID == id
		})
	})
	if err == nil && !found {
		return fmt.Errorf("silence: no silence %q", id)
	}
	return err
}

// Snooze silences every alert of every host for d from now: the tray's
// "Snooze 15 min" and "Snooze 1 h".
func (e *Engine) Snooze(d time.Duration) (Silence, error) {
	return e.SnoozeUntil(e.clock.Now().Add(d))
}

// SnoozeUntil silences every alert of every host until t.
func (e *Engine) SnoozeUntil(t time.Time) (Silence, error) {
	return e.AddSilence(Silence{End: t, Source: SourceSnooze, Comment: "snoozed"})
}

// Resume ends every snooze (silences made by Snooze); other silences stay.
func (e *Engine) Resume() error {
	return e.editSilences(func(ss []Silence) []Silence {
		return slices.DeleteFunc(ss, func(s Silence) bool { return s.Source == SourceSnooze })
	})
}

// SnoozedUntil returns the end of the snooze in force, if any.
func (e *Engine) SnoozedUntil() (time.Time, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock.Now()
	var until time.Time
	for _, s := range e.rtSilences {
		if s.Source == SourceSnooze && s.ActiveAt(now) && s.End.After(until) {
			until = s.End
		}
	}
	return until, !until.IsZero()
}

// editSilences applies f to the silences on disk (another process may
// have changed them) and saves the result.
func (e *Engine) editSilences(f func([]Silence) []Silence) error {
	ss, err := LoadSilences(e.silencePath)
	if err != nil {
		return err
	}
	ss = f(ss)
	if err := SaveSilences(e.silencePath, ss, e.clock.Now()); err != nil {
		return fmt.Errorf("silence: %w", err)
	}
	return e.loadSilences()
}
