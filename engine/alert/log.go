package alert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"lookout/internal/atomicfile"
)

// LogFile is the name of the event log in the state directory.
const LogFile = "events.jsonl"

// Compaction limits: when the log grows past maxLogBytes at start, events
// older than keepFor are dropped, except those of alerts still open.
const (
	maxLogBytes = 8 << 20
	keepFor     = 30 * 24 * time.Hour
)

// Log is the append-only event log: one JSON object per line. Every
// append is one write followed by fsync, so that a crash loses at most the
// round being written; a torn last line is cut off when the log is opened
// again. It is safe for concurrent use.
type Log struct {
	path string
	mu   sync.Mutex
	f    *os.File
}

// OpenLog opens the log at path, creating it and its directory, and
// returns the events it holds, oldest first. A torn last line (a crash in
// the middle of a write) is cut off; lines that cannot be read are skipped
// and logged. A log larger than 8 MiB is compacted first: events older
// than 30 days are dropped unless their alert is still open.
func OpenLog(path string, now time.Time, lg *slog.Logger) (*Log, []Event, error) {
	if lg == nil {
		lg = slog.Default()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("event log: %w", err)
	}
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("event log: %w", err)
	}
	events, end, bad := parseLog(b)
	if bad > 0 {
		lg.Warn("event log: skipped unreadable lines", "path", path, "lines", bad)
	}
	if len(b) > maxLogBytes {
		events = compact(events, now)
		if err := atomicfile.WriteFile(path, encodeLines(events), 0o600); err != nil {
			return nil, nil, fmt.Errorf("event log: compact: %w", err)
		}
		lg.Info("event log compacted", "path", path, "bytes_before", len(b), "events", len(events))
	} else if end < len(b) {
		lg.Warn("event log: cutting off a torn last line", "path", path, "bytes", len(b)-end)
		if err := os.Truncate(path, int64(end)); err != nil {
			return nil, nil, fmt.Errorf("event log: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("event log: %w", err)
	}
	return &Log{path: path, f: f}, events, nil
}

// Path returns the log's file name.
func (l *Log) Path() string { return l.path }

// Append writes events and waits until they are on disk.
func (l *Log) Append(events []Event) error {
	if len(events) == 0 {
		return nil
	}
	b := encodeLines(events)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return errors.New("event log: closed")
	}
	if _, err := l.f.Write(b); err != nil {
		return fmt.Errorf("event log: %w", err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("event log: %w", err)
	}
	return nil
}

// Close closes the file.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// ReadLog returns the events of the log at path, oldest first, without
// changing the file: a torn last line (one being written) and unreadable
// lines are skipped. An absent log holds no events.
func ReadLog(path string) ([]Event, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("event log: %w", err)
	}
	events, _, _ := parseLog(b)
	return events, nil
}

// parseLog decodes complete lines. end is the offset just past the last
// newline; bad counts complete lines that did not decode.
func parseLog(b []byte) (events []Event, end, bad int) {
	for off := 0; off < len(b); {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			break // torn: no newline yet
		}
		line := bytes.TrimSpace(b[off : off+i])
		off += i + 1
		end = off
		if len(line) == 0 {
			continue
		}
		var e Event
		if err := json.Unmarshal(line, &e); err != nil || e.ID == "" || e.Kind == "" {
			bad++
			continue
		}
		events = append(events, e)
	}
	return events, end, bad
}

func encodeLines(events []Event) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, e := range events {
		if err := enc.Encode(e); err != nil {
			// Only a value JSON cannot hold gets here; keep the event
			// without its history rather than lose it.
			e.History = nil
			_ = enc.Encode(e)
		}
	}
	return buf.Bytes()
}

// compact keeps recent events and every event of an open alert.
func compact(events []Event, now time.Time) []Event {
	open := map[string]bool{}
	for _, e := range ActiveFrom(events) {
		open[e.ID] = true
	}
	cut := now.Add(-keepFor)
	out := events[:0:0]
	for _, e := range events {
		if open[e.ID] || !e.At.Before(cut) {
			out = append(out, e)
		}
	}
	return out
}

// ActiveFrom returns, for every alert still open at the end of events, its
// latest event, ordered by severity (critical first), then by start. The
// late resolution of an older alert (sent when a silence ended) does not
// close a newer one of the same host and rule.
func ActiveFrom(events []Event) []Event {
	last := map[string]Event{}
	for _, e := range events {
		if e.Kind == KindAcknowledged {
			continue // not a change of state
		}
		k := alertKey(e.Host, e.Key)
		if prev, ok := last[k]; ok && e.Kind == KindResolved && prev.ID != e.ID && prev.Open() {
			continue
		}
		last[k] = e
	}
	var out []Event
	for _, e := range last {
		if e.Open() {
			out = append(out, e)
		}
	}
	SortActive(out)
	return out
}

// SortActive orders open alerts: critical first, then oldest first.
func SortActive(es []Event) {
	sort.Slice(es, func(i, j int) bool {
		if a, b := es[i].Severity.rank(), es[j].Severity.rank(); a != b {
			return a > b
		}
		if !es[i].Start.Equal(es[j].Start) {
			return es[i].Start.Before(es[j].Start)
		}
		return alertKey(es[i].Host, es[i].Key) < alertKey(es[j].Host, es[j].Key)
	})
}

func alertKey(host, key string) string { return host + "\x00" + key }
