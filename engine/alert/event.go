package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"lookout/entity"
)

// Severity is how bad a firing alert is.
type Severity string

// Severities, from calm to alarming. An alert that is not firing has none.
const (
	SeverityNone     Severity = ""
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

// rank orders severities for comparisons.
func (s Severity) rank() int {
	switch s {
	case SeverityWarning:
		return 1
	case SeverityCritical:
		return 2
	}
	return 0
}

// Kind is what happened to an alert.
type Kind string

// Event kinds.
const (
	// KindFiring opens an alert, or reports a change of its severity
	// (PrevSeverity is set), or the end of flapping while the condition
	// still holds.
	KindFiring Kind = "firing"
	// KindRepeat reminds that an alert is still firing, every repeat
	// interval.
	KindRepeat Kind = "repeat"
	// KindFlapping says that the alert changed state too often and is held:
	// no message per change until it settles. It opens an alert like
	// KindFiring does.
	KindFlapping Kind = "flapping"
	// KindResolved closes an alert: Duration is how long it lasted and
	// Peak the worst value seen.
	KindResolved Kind = "resolved"
	// KindAcknowledged records that someone acknowledged an open alert:
	// its reminders stop; its resolution is still sent. It is logged, not
	// sent.
	KindAcknowledged Kind = "acknowledged"
)

// Event is one thing that happened to one alert of one host. The events of
// one evaluation round reach the sink together.
type Event struct {
	// ID identifies the alert (from its firing to its resolution): every
	// event of one alert has the same ID.
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	Host string `json:"host"`
	// Rule is the rule's name ("cpu", "disk", "process", …) and Key what it
	// watches on the host ("cpu", "disk:/var", "process:nginx").
	Rule string `json:"rule"`
	Key  string `json:"key"`
	// Metric is the series charted in History ("disk:/var", "temp_max");
	// empty for conditions.
	Metric string `json:"metric,omitempty"`
	// Unit of Value, Threshold and Peak: "%", "°C", "B/s" or "" (load, and
	// conditions, whose value is 1 when true).
	Unit         string   `json:"unit,omitempty"`
	Severity     Severity `json:"severity"`
	PrevSeverity Severity `json:"prev_severity,omitempty"`
	// Value is the sustained value (the average of the rule's samples) at
	// At; Threshold the level it crossed (for a resolution: the level of
	// the alert's severity).
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
	Peak      float64 `json:"peak"`
	// Start is when the alert's condition began: the first sample at or
	// over the threshold of the run of samples that made it fire (before
	// its sustain and for were met), so "for 2 min" counts the condition,
	// not the time since it fired. Duration is At - Start.
	Start    time.Time     `json:"start"`
	At       time.Time     `json:"at"`
	Duration time.Duration `json:"duration"`
	// Note explains what the numbers cannot: the poll error of an
	// unreachable host, why an alert was resolved without a value.
	Note string `json:"note,omitempty"`
	// Sent tells whether the event went to the sink. It did not when a
	// silence held it (Silence names the silence) or when it resolves an
	// alert that was never sent.
	Sent    bool   `json:"sent"`
	Silence string `json:"silence,omitempty"`
	// SilenceEnded names the silence that held the alert when the event
	// is sent because that silence ended, expired or was removed: the
	// alert still fires (or resolved while it was silenced, after its
	// firing had been sent).
	SilenceEnded string `json:"silence_ended,omitempty"`
	// Acked tells that the alert was acknowledged: no more reminders.
	Acked bool `json:"acked,omitempty"`
	// TopCPU and TopMem are the host's busiest processes at At, at most 5
	// each: what caused it.
	TopCPU []entity.ProcStat `json:"top_cpu,omitempty"`
	TopMem []entity.ProcStat `json:"top_mem,omitempty"`
	// History is the last five minutes of Metric before At.
	History Series `json:"history,omitempty"`
}

// Open reports whether the event leaves its alert open.
func (e Event) Open() bool { return e.Kind != KindResolved }

// String is a one-line summary for logs.
func (e Event) String() string {
	s := fmt.Sprintf("%s %s %s %s", e.Kind, e.Severity, e.Host, e.Key)
	if e.Unit != "" || e.Metric != "" {
		s += fmt.Sprintf(" %s (threshold %s)", FormatValue(e.Value, e.Unit), FormatValue(e.Threshold, e.Unit))
	}
	return s
}

// FormatValue writes a value with its unit for people.
func FormatValue(v float64, unit string) string {
	switch {
	case math.IsInf(v, 0) || math.IsNaN(v):
		return "-"
	case unit == "%":
		return strconv.FormatFloat(v, 'f', 1, 64) + " %"
	case unit == "°C":
		return strconv.FormatFloat(v, 'f', 1, 64) + " °C"
	case unit == "B/s":
		return formatRate(v)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func formatRate(v float64) string {
	units := []string{"B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"}
	i := 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + units[i]
}

// Series is a metric's points. It encodes as [[unix_ms, value], …] with
// null for a gap, since JSON has no NaN.
type Series []entity.Point

// MarshalJSON implements json.Marshaler.
func (s Series) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, p := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		b.WriteString(strconv.FormatInt(p.T.UnixMilli(), 10))
		b.WriteByte(',')
		if math.IsNaN(p.V) || math.IsInf(p.V, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(strconv.FormatFloat(p.V, 'g', 6, 64))
		}
		b.WriteByte(']')
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *Series) UnmarshalJSON(b []byte) error {
	var raw [][2]*float64
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	out := make(Series, 0, len(raw))
	for _, r := range raw {
		if r[0] == nil {
			return fmt.Errorf("history: point without a time")
		}
		v := math.NaN()
		if r[1] != nil {
			v = *r[1]
		}
		out = append(out, entity.Point{T: time.UnixMilli(int64(*r[0])), V: v})
	}
	*s = out
	return nil
}

// Sink receives the events that are to be sent: the events of one
// evaluation round together, so that a channel can group them into one
// message. Emit runs on the evaluating goroutine and must hand the work
// off quickly (queue it); it must not keep or change the slice.
type Sink interface {
	Emit(ctx context.Context, events []Event)
}

// SinkFunc adapts a function to the Sink interface.
type SinkFunc func(ctx context.Context, events []Event)

// Emit calls f.
func (f SinkFunc) Emit(ctx context.Context, events []Event) { f(ctx, events) }

// Clock tells the time. Tests inject a fake one.
type Clock interface{ Now() time.Time }

// ClockFunc adapts a function to the Clock interface.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// SystemClock is the real clock.
var SystemClock Clock = ClockFunc(time.Now)
