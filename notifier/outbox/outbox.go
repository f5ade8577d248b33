package outbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"lookout/internal/dirsync"
)

// Entry is one queued (or dead) message.
type Entry struct {
	// ID orders the channel's queue and names the file.
	ID      string    `json:"id"`
	Channel string    `json:"channel"`
	Created time.Time `json:"created"`
	// Summary is a one-line description shown by `lookout outbox`.
	Summary string `json:"summary"`
	// Attempts is how many deliveries failed so far.
	Attempts int `json:"attempts,omitempty"`
	// NextAttempt is when the next delivery may be tried (zero: now).
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	// LastError is the last failure, in the service's words, without
	// secrets.
	LastError string `json:"last_error,omitempty"`
	// DeadAt is when the message was given up (dead letters only).
	DeadAt time.Time `json:"dead_at,omitzero"`
	// Payload is the message itself.
	Payload json.RawMessage `json:"payload"`
}

// Dead reports whether e is a dead letter.
func (e Entry) Dead() bool { return !e.DeadAt.IsZero() }

// ErrNotFound is returned for an ID that is in neither list.
var ErrNotFound = errors.New("no such message in the outbox")

// Outbox is a directory of queued and dead messages. Its methods are safe
// for concurrent use.
type Outbox struct {
	dir string
	mu  sync.Mutex
	// last is the newest ID handed out, so that IDs keep increasing.
	last string
	lock *os.File
	now  func() time.Time
}

const (
	queueDir = "queue"
	deadDir  = "dead"
)

// Open opens (creating it when needed, mode 0700: messages name hosts and
// processes) the outbox in dir.
func Open(dir string) (*Outbox, error) {
	for _, d := range []string{dir, filepath.Join(dir, queueDir), filepath.Join(dir, deadDir)} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
	}
	o := &Outbox{dir: dir, now: time.Now}
	q, d, err := o.List()
	if err != nil {
		return nil, err
	}
	for _, e := range append(q, d...) {
		if e.ID > o.last {
			o.last = e.ID
		}
	}
	return o, nil
}

// Dir is the outbox's directory.
func (o *Outbox) Dir() string { return o.dir }

// NewID returns an ID greater than every ID handed out or stored before:
// the time in nanoseconds, as 16 hex digits, and a 4-digit counter.
func (o *Outbox) NewID() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	id := fmt.Sprintf("%016x0000", o.now().UnixNano())
	if id <= o.last {
		id = increment(o.last)
	}
	o.last = id
	return id
}

// increment returns the next 20-hex-digit ID after id.
func increment(id string) string {
	var hi, lo uint64
	if len(id) == 20 {
		fmt.Sscanf(id[:16], "%016x", &hi)
		fmt.Sscanf(id[16:], "%04x", &lo)
	}
	lo++
	if lo > 0xffff {
		hi, lo = hi+1, 0
	}
	return fmt.Sprintf("%016x%04x", hi, lo)
}

// chanDir is the directory of channel's entries. The name is escaped, and
// a leading dot too, so that no name ("." or "..", say) can point at the
// queue itself or outside it.
func chanDir(root, kind, channel string) string {
	name := url.PathEscape(channel)
	if strings.HasPrefix(name, ".") {
		name = "%2E" + name[1:]
	}
	return filepath.Join(root, kind, name)
}

// Put queues e (whose ID comes from NewID) at the end of its channel's
// queue. It returns once the message is on disk.
func (o *Outbox) Put(e Entry) error {
	if e.ID == "" || e.Channel == "" {
		return errors.New("outbox: an entry needs an ID and a channel")
	}
	if e.Created.IsZero() {
		e.Created = o.now()
	}
	return o.write(queueDir, e)
}

// Update rewrites a queued entry (attempts, next attempt, last error,
// payload).
func (o *Outbox) Update(e Entry) error { return o.write(queueDir, e) }

// Delivered removes a delivered entry from the queue.
func (o *Outbox) Delivered(e Entry) error {
	return o.remove(queueDir, e.Channel, e.ID)
}

// Kill moves a queued entry to the dead letters, with the reason.
func (o *Outbox) Kill(e Entry, reason string) error {
	e.LastError = reason
	e.DeadAt = o.now()
	e.NextAttempt = time.Time{}
	if err := o.write(deadDir, e); err != nil {
		return err
	}
	return o.remove(queueDir, e.Channel, e.ID)
}

// Head returns the oldest queued entry of channel.
func (o *Outbox) Head(channel string) (Entry, bool, error) {
	dir := chanDir(o.dir, queueDir, channel)
	names, err := ids(dir)
	if err != nil || len(names) == 0 {
		return Entry{}, false, err
	}
	for _, id := range names {
		e, err := read(filepath.Join(dir, id+".json"))
		if errors.Is(err, fs.ErrNotExist) {
			continue // delivered or dropped meanwhile
		}
		return e, err == nil, err
	}
	return Entry{}, false, nil
}

// IDs returns the IDs of channel's queued entries, oldest first, without
// reading them.
func (o *Outbox) IDs(channel string) ([]string, error) {
	return ids(chanDir(o.dir, queueDir, channel))
}

// Get returns channel's queued entry id (an error wrapping
// fs.ErrNotExist when it is gone).
func (o *Outbox) Get(channel, id string) (Entry, error) {
	return read(filepath.Join(chanDir(o.dir, queueDir, channel), id+".json"))
}

// Queue returns channel's queued entries, oldest first.
func (o *Outbox) Queue(channel string) ([]Entry, error) {
	return readDir(chanDir(o.dir, queueDir, channel))
}

// List returns every queued and every dead entry, each list ordered by
// channel and then by ID.
func (o *Outbox) List() (queued, dead []Entry, err error) {
	if queued, err = o.all(queueDir); err != nil {
		return nil, nil, err
	}
	dead, err = o.all(deadDir)
	return queued, dead, err
}

// Channels returns the channels that have queued entries.
func (o *Outbox) Channels() ([]string, error) {
	des, err := os.ReadDir(filepath.Join(o.dir, queueDir))
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	var out []string
	for _, de := range des {
		if !de.IsDir() {
			continue
		}
		ch, err := url.PathUnescape(de.Name())
		if err != nil {
			continue
		}
		if n, _ := ids(filepath.Join(o.dir, queueDir, de.Name())); len(n) > 0 {
			out = append(out, ch)
		}
	}
	return out, nil
}

// Find returns the entry with id, queued or dead.
func (o *Outbox) Find(id string) (Entry, error) {
	q, d, err := o.List()
	if err != nil {
		return Entry{}, err
	}
	for _, e := range append(q, d...) {
		if e.ID == id {
			return e, nil
		}
	}
	return Entry{}, fmt.Errorf("outbox: %s: %w", id, ErrNotFound)
}

// Retry puts a dead entry back at its place in its channel's queue, with
// its attempts reset, to be delivered again. Its ID (and so the service's
// idempotency key) is kept.
func (o *Outbox) Retry(id string) (Entry, error) {
	e, err := o.Find(id)
	if err != nil {
		return e, err
	}
	if !e.Dead() {
		e.NextAttempt = time.Time{}
		return e, o.Update(e)
	}
	e.DeadAt, e.Attempts, e.NextAttempt = time.Time{}, 0, time.Time{}
	if err := o.write(queueDir, e); err != nil {
		return e, err
	}
	return e, o.remove(deadDir, e.Channel, e.ID)
}

// Drop deletes an entry, queued or dead, for good.
func (o *Outbox) Drop(id string) (Entry, error) {
	e, err := o.Find(id)
	if err != nil {
		return e, err
	}
	kind := queueDir
	if e.Dead() {
		kind = deadDir
	}
	return e, o.remove(kind, e.Channel, e.ID)
}

func (o *Outbox) all(kind string) ([]Entry, error) {
	des, err := os.ReadDir(filepath.Join(o.dir, kind))
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	var out []Entry
	for _, de := range des {
		if !de.IsDir() {
			continue
		}
		es, err := readDir(filepath.Join(o.dir, kind, de.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Channel != out[j].Channel {
			return out[i].Channel < out[j].Channel
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (o *Outbox) write(kind string, e Entry) error {
	dir := chanDir(o.dir, kind, e.Channel)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("outbox: %s: %w", e.ID, err)
	}
	if err := writeAtomic(dir, e.ID+".json", b); err != nil {
		return fmt.Errorf("outbox: writing %s: %w", e.ID, err)
	}
	return nil
}

func (o *Outbox) remove(kind, channel, id string) error {
	dir := chanDir(o.dir, kind, channel)
	if err := os.Remove(filepath.Join(dir, id+".json")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("outbox: %w", err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	if err := dirsync.Sync(dir); err != nil {
		return fmt.Errorf("outbox: sync %s: %w", dir, err)
	}
	return nil
}

// ids lists the entry IDs in dir, sorted.
func ids(dir string) ([]string, error) {
	des, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	var out []string
	for _, de := range des {
		n := de.Name()
		if !de.IsDir() && strings.HasSuffix(n, ".json") && !strings.HasPrefix(n, ".") {
			out = append(out, strings.TrimSuffix(n, ".json"))
		}
	}
	sort.Strings(out)
	return out, nil
}

func readDir(dir string) ([]Entry, error) {
	names, err := ids(dir)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, id := range names {
		e, err := read(filepath.Join(dir, id+".json"))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func read(path string) (Entry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Entry{}, err
	}
	var e Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return Entry{}, fmt.Errorf("outbox: %s: %w", filepath.Base(path), err)
	}
	return e, nil
}

// ReadState returns the small state file name of the outbox's directory
// (the dispatcher's record of which channels were sent which firing
// alert), nil when there is none.
func (o *Outbox) ReadState(name string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(o.dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return b, nil
}

// WriteState replaces the state file name atomically: a crash leaves the
// old or the new content, never half of it.
func (o *Outbox) WriteState(name string, b []byte) error {
	if err := writeAtomic(o.dir, name, b); err != nil {
		return fmt.Errorf("outbox: writing %s: %w", name, err)
	}
	return nil
}

// writeAtomic writes b to dir/name through a synced temporary file that
// is renamed into place, then syncs dir.
func writeAtomic(dir, name string, b []byte) error {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}
