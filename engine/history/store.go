package history

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"lookout/entity"
	"lookout/internal/paths"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// FileName is the database's name inside its directory.
const FileName = "history.db"

// Default retentions and size cap.
const (
	DefaultRawRetention       = 48 * time.Hour
	DefaultMinuteRetention    = 7 * 24 * time.Hour
	DefaultTenMinuteRetention = 365 * 24 * time.Hour
	DefaultMaxSize            = 2 << 30 // 2 GiB
	DefaultCommitEvery        = 5 * time.Second
	DefaultLatestEvery        = time.Minute
	walCheckpointBytes        = 64 << 20
	// maxQueue bounds the appends waiting for a commit: when a commit
	// falls behind, Append commits itself (back-pressure on the sampler).
	maxQueue = 16384
)

// Options configure a Store. The zero value is usable: the defaults above,
// in the data directory (lookout/internal/paths).
type Options struct {
	// Dir holds the database; "" means paths.Data(). Path, when set, names
	// the file itself and wins over Dir.
	Dir  string
	Path string
	// Retention of each tier; zero means the default.
	RawRetention       time.Duration
	MinuteRetention    time.Duration
	TenMinuteRetention time.Duration
	// MaxSize caps the bytes the data may take; 0 means DefaultMaxSize and
	// a negative value means no cap.
	MaxSize int64
	// Now is the clock retention is measured against (time.Now if nil).
	Now func() time.Time
	// Log receives maintenance messages (slog.Default if nil).
	Log *slog.Logger
	// CommitEvery is how often the queued appends are committed, in one
	// transaction (0: DefaultCommitEvery). A kill -9 loses at most this
	// much; a negative value commits every Append (the old behaviour).
	CommitEvery time.Duration
	// LatestEvery is how often each host's latest snapshot is written to
	// the database (0: DefaultLatestEvery); Close always writes it.
	LatestEvery time.Duration
	// ReadOnly opens an existing database for reading only (lookout
	// export, beside a running daemon): Append fails.
	ReadOnly bool
}

func (o *Options) fill() {
	if o.Path == "" {
		if o.Dir == "" {
			o.Dir = paths.MustResolve().Data
		}
		o.Path = filepath.Join(o.Dir, FileName)
	}
	if o.RawRetention <= 0 {
		o.RawRetention = DefaultRawRetention
	}
	if o.MinuteRetention <= 0 {
		o.MinuteRetention = DefaultMinuteRetention
	}
	if o.TenMinuteRetention <= 0 {
		o.TenMinuteRetention = DefaultTenMinuteRetention
	}
	if o.MaxSize == 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.CommitEvery == 0 {
		o.CommitEvery = DefaultCommitEvery
	}
	if o.LatestEvery <= 0 {
		o.LatestEvery = DefaultLatestEvery
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
}

// tier is one table of series rows.
type tier struct {
	name  string
	width int64 // bucket width in ms; 0 for raw
}

var (
	tierRaw    = tier{"raw", 0}
	tierMinute = tier{"minute", 60_000}
	tierTen    = tier{"ten_minute", 600_000}
	tiers      = []tier{tierRaw, tierMinute, tierTen}
)

// Store is the history database. It implements engine.Store and is safe for
// concurrent use: writes are serialised on one connection, reads run on
// their own connections beside them (WAL).
type Store struct {
	opt Options
	w   *sql.DB // the single writer connection
	r   *sql.DB // readers

	mu        sync.Mutex // serialises writes; guards hosts, their open chunks and lastPrune
	hosts     map[string]*hostState
	lastPrune time.Time
	pendingLo int64 // every pending row below this seq is deleted

	latestMu    sync.RWMutex
	latest      map[string]entity.Snapshot
	latestDirty map[string]bool // newer in memory than in the latest table
	latestSaved time.Time       // when the latest table was last written

	q writer // the queue of appends not committed yet

	stmts struct {
		insPending, upLatest *sql.Stmt
	}
}

// hostState is what the store holds of a host in memory: its series and
// the chunks of the current hour, still open.
type hostState struct {
	id    int64
	name  string
	index map[entity.Metric]int // series -> column in a raw chunk (2i, 2i+1 in roll-ups)
	nSer  int

	raw     *chunkEnc // the open raw chunk; nil when none
	hour    int64     // the start of its hour, Unix ms
	saved   int       // bytes of raw already in the pending table
	restart bool      // raw was (re)started: the next pending patch starts at 0
	dirty   bool      // raw has ticks (or a restart) not in the pending table yet
	first   int64     // the pending row that holds raw's first bytes
	roll    [2]rollTier
}

// chunkHour is the span of a raw or minute chunk: a host's chunks close
// together, on the hour. A ten-minute chunk spans a day (six ticks an hour
// make too short a chunk): it is written at every hour's close and grows
// until the day ends.
const (
	chunkHour = int64(time.Hour / time.Millisecond)
	chunkDay  = 24 * chunkHour
)

// span is how long a chunk of t covers.
func (t tier) span() int64 {
	if t == tierTen {
		return chunkDay
	}
	return chunkHour
}

// schemaVersion is PRAGMA user_version of a current database; 0 (the v1
// schema, one row per host and tick) is migrated on open.
const schemaVersion = 2

const schema = `
CREATE TABLE IF NOT EXISTS hosts (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS series (
	host_id INTEGER NOT NULL,
	idx     INTEGER NOT NULL,
	metric  TEXT NOT NULL,
	PRIMARY KEY (host_id, idx),
	UNIQUE (host_id, metric)
) WITHOUT ROWID;
-- One row per host and hour: the hour's ticks as one chunk (chunk.go),
-- raw samples by series.idx, roll-ups as (average, maximum) pairs by
-- 2*idx and 2*idx+1. t0 and t1 are the first and last tick, Unix ms.
CREATE TABLE IF NOT EXISTS raw_chunk (
	host_id INTEGER NOT NULL,
	t0      INTEGER NOT NULL,
	t1      INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	data    BLOB NOT NULL,
	UNIQUE (host_id, t0)
);
CREATE TABLE IF NOT EXISTS minute_chunk (
	host_id INTEGER NOT NULL,
	t0      INTEGER NOT NULL,
	t1      INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	data    BLOB NOT NULL,
	UNIQUE (host_id, t0)
);
CREATE TABLE IF NOT EXISTS ten_minute_chunk (
	host_id INTEGER NOT NULL,
	t0      INTEGER NOT NULL,
	t1      INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	data    BLOB NOT NULL,
	UNIQUE (host_id, t0)
);
-- The open raw chunks, appended to at every commit: each row is the bytes
-- the commit added to each host's open chunk (patch.go). Replayed on open;
-- a row is deleted once every chunk it holds bytes of is closed.
CREATE TABLE IF NOT EXISTS pending (
	seq  INTEGER PRIMARY KEY,
	data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS latest (
	host_id  INTEGER PRIMARY KEY,
	snapshot BLOB NOT NULL -- the newest engine.Snapshot as JSON
);
`

// Open opens (creating if needed) the history database. A database left
// by a crash is recovered from its write-ahead log, and the open chunks
// from the pending table. A database of the first schema (a row per host
// and tick) is converted, keeping every sample.
func Open(opt Options) (*Store, error) {
	opt.fill()
	if opt.ReadOnly {
		return openReadOnly(opt)
	}
	if err := os.MkdirAll(filepath.Dir(opt.Path), 0o700); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(normal)")
	q.Add("_pragma", "journal_size_limit(67108864)")
	q.Set("_txlock", "immediate")
	w, err := sql.Open("sqlite", opt.Path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("history: open %s: %w", opt.Path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	// A new database gets 1 KiB pages: each commit rewrites a few pages
	// whatever it holds (the pending table's last, the header), so small
	// pages write less per commit; chunks fill their overflow pages whole.
	// (The driver sorts its _pragma list, which would put journal_mode
	// before page_size, so both are set here, in order.)
	if _, err := w.Exec(`PRAGMA page_size = 1024; PRAGMA auto_vacuum = incremental; PRAGMA journal_mode = wal`); err != nil {
		w.Close()
		return nil, fmt.Errorf("history: open %s: %w", opt.Path, err)
	}
	if _, err := w.Exec(schema); err != nil {
		w.Close()
		return nil, fmt.Errorf("history: open %s: %w", opt.Path, err)
	}
	// Checkpoint every 64 MiB of WAL, whatever the page size.
	var pageSize int64
	if err := w.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err == nil && pageSize > 0 {
		_, err = w.Exec(fmt.Sprintf(`PRAGMA wal_autocheckpoint = %d`, walCheckpointBytes/pageSize))
	}
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("history: open %s: %w", opt.Path, err)
	}
	r, err := openReader(opt.Path)
	if err != nil {
		w.Close()
		return nil, err
	}
	s := &Store{opt: opt, w: w, r: r, hosts: map[string]*hostState{}, latest: map[string]entity.Snapshot{},
		latestDirty: map[string]bool{}, latestSaved: opt.Now()}
	if err := s.prepare(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.loadState(s.w); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.migrate(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.loadLatest(); err != nil {
		s.Close()
		return nil, err
	}
	s.startWriter()
	return s, nil
}

func openReader(path string) (*sql.DB, error) {
	rq := url.Values{}
	rq.Add("_pragma", "busy_timeout(10000)")
	rq.Add("_pragma", "query_only(1)")
	r, err := sql.Open("sqlite", path+"?"+rq.Encode())
	if err != nil {
		return nil, fmt.Errorf("history: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	return r, nil
}

// ErrReadOnly is returned by writes to a store opened ReadOnly.
var ErrReadOnly = errors.New("history: the store is open read-only")

func openReadOnly(opt Options) (*Store, error) {
	if _, err := os.Stat(opt.Path); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	r, err := openReader(opt.Path)
	if err != nil {
		return nil, err
	}
	s := &Store{opt: opt, r: r, hosts: map[string]*hostState{}, latest: map[string]entity.Snapshot{}}
	var v int
	if err := r.QueryRow(`PRAGMA user_version`).Scan(&v); err == nil && v < schemaVersion {
		r.Close()
		return nil, fmt.Errorf("history: %s has the old schema: open it once for writing (start lookout or lookoutd) to convert it", opt.Path)
	}
	if err := s.loadState(s.r); err != nil {
		r.Close()
		return nil, err
	}
	if err := s.loadLatest(); err != nil {
		r.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) prepare() error {
	var err error
	if s.stmts.insPending, err = s.w.Prepare(`INSERT INTO pending (data) VALUES (?)`); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if s.stmts.upLatest, err = s.w.Prepare(`INSERT OR REPLACE INTO latest (host_id, snapshot) VALUES (?, ?)`); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

func (s *Store) loadLatest() error {
	rows, err := s.r.Query(`SELECT h.name, l.snapshot FROM latest l JOIN hosts h ON h.id = l.host_id`)
	if err != nil {
		return fmt.Errorf("history: read latest: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var b []byte
		if err := rows.Scan(&name, &b); err != nil {
			return fmt.Errorf("history: read latest: %w", err)
		}
		var snap entity.Snapshot
		if err := json.Unmarshal(b, &snap); err != nil {
			s.opt.Log.Warn("history: unreadable latest snapshot, skipped", "host", name, "err", err)
			continue
		}
		s.latest[name] = snap
	}
	return rows.Err()
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.opt.Path }

// Close commits what is queued, writes every host's latest snapshot and
// closes the database.
func (s *Store) Close() error {
	var errs []error
	if s.w != nil {
		s.stopWriter()
		errs = append(errs, s.commit(true))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range []*sql.Stmt{s.stmts.insPending, s.stmts.upLatest} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		// Fold the WAL back into the database so the directory holds one file.
		_, _ = s.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		errs = append(errs, s.w.Close())
	}
	return errors.Join(errs...)
}

// tx runs f in one write transaction.
func (s *Store) tx(f func(*sql.Tx) error) error {
	tx, err := s.w.Begin()
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		// The hosts in memory may hold ids, series or chunk bytes rolled
		// back with the transaction: reload them from the tables.
		if lerr := s.loadState(s.w); lerr != nil {
			return errors.Join(err, lerr)
		}
		return err
	}
	return tx.Commit()
}

// host returns the state of a host, creating the host's row when it is
// new.
func (s *Store) host(tx *sql.Tx, name string) (*hostState, error) {
	if h, ok := s.hosts[name]; ok {
		return h, nil
	}
	res, err := tx.Exec(`INSERT INTO hosts (name) VALUES (?)`, name)
	if err != nil {
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	h := newHostState(id, name)
	s.hosts[name] = h
	return h, nil
}

func newHostState(id int64, name string) *hostState {
	h := &hostState{id: id, name: name, index: map[entity.Metric]int{}}
	for i := range h.roll {
		h.roll[i].bucket = -1
	}
	return h
}

func (s *Store) addSeries(tx *sql.Tx, h *hostState, m entity.Metric) error {
	if _, err := tx.Exec(`INSERT INTO series (host_id, idx, metric) VALUES (?, ?, ?)`, h.id, h.nSer, m); err != nil {
		return err
	}
	h.index[m] = h.nSer
	h.nSer++
	return nil
}

// Latest returns the newest snapshot of host, also across restarts.
func (s *Store) Latest(host string) (entity.Snapshot, bool) {
	s.latestMu.RLock()
	defer s.latestMu.RUnlock()
	snap, ok := s.latest[host]
	return snap, ok
}

// Hosts returns the names of every host the store holds, sorted.
func (s *Store) Hosts() ([]string, error) {
	s.flushForRead()
	rows, err := s.r.Query(`SELECT name FROM hosts ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// Metrics returns the series recorded for host, sorted.
func (s *Store) Metrics(host string) ([]entity.Metric, error) {
	s.flushForRead()
	rows, err := s.r.Query(`SELECT s.metric FROM series s JOIN hosts h ON h.id = s.host_id WHERE h.name = ? ORDER BY s.metric`, host)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	var ms []entity.Metric
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		ms = append(ms, m)
	}
	sort.Strings(ms)
	return ms, rows.Err()
}

// SizeInfo is how much disk the store takes.
type SizeInfo struct {
	// File is the bytes of the database and its write-ahead log on disk;
	// WAL is the log's part (it is folded back into the database every
	// few megabytes and at Close).
	File, WAL int64
	// Used is the bytes holding data; File - Used is free space SQLite
	// reuses before the file grows.
	Used int64
	// Max is the configured cap (negative: none).
	Max int64
}

// Size reports the bytes the store takes on disk, for the settings screen.
func (s *Store) Size() (SizeInfo, error) {
	s.flushForRead()
	used, err := s.usedBytes(s.r)
	if err != nil {
		return SizeInfo{}, err
	}
	info := SizeInfo{Used: used, Max: s.opt.MaxSize}
	if fi, err := os.Stat(s.opt.Path); err == nil {
		info.File = fi.Size()
	}
	if fi, err := os.Stat(s.opt.Path + "-wal"); err == nil {
		info.WAL = fi.Size()
		info.File += info.WAL
	}
	return info, nil
}

func (s *Store) usedBytes(db *sql.DB) (int64, error) {
	var pages, free, size int64
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("history: size: %w", err)
	}
	defer conn.Close()
	for _, p := range []struct {
		q string
		v *int64
	}{{"PRAGMA page_count", &pages}, {"PRAGMA freelist_count", &free}, {"PRAGMA page_size", &size}} {
		if err := conn.QueryRowContext(ctx, p.q).Scan(p.v); err != nil {
			return 0, fmt.Errorf("history: size: %w", err)
		}
	}
	return (pages - free) * size, nil
}

func putF32(b []byte, i int, v float32) {
	binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
}

func getF32(b []byte, i int) float32 {
	return math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
}
