// Package history is Lookout's history on disk: an embedded SQLite database
// (modernc.org/sqlite, a translation of SQLite's C source to Go, so lookoutd
// stays CGO_ENABLED=0 and nothing has to be installed) that keeps every
// host's series in three tiers:
//
//	raw          every sample, for RawRetention (default 48 h)
//	minute       1-minute averages and maxima, for MinuteRetention (30 days)
//	ten-minute   10-minute averages and maxima, for TenMinuteRetention (1 year)
//
// A Store implements engine.Store. Range reads each part of the asked span
// from the finest tier that still covers it, so a chart of the last week
// shows raw samples for the last two days and minute averages before that,
// and every downsampled bucket keeps its highest maximum: a short spike stays
// visible on a 30-day chart.
//
// A roll-up row is dated at the first raw row it summarises, not at the
// start of its minute or ten minutes: a host first polled at 14:07:30 has
// its first ten-minute point at 14:07:30, so no chart shows a point before
// the data. Buckets that start with a sample on their boundary (the usual
// case once a host runs) keep aligned dates. A snapshot whose rates are
// not known yet (entity.Snapshot.RatesUnknown, a first reading) stores no
// value for them: a gap, never a 0.
//
// # Schema
//
// One row per host and tick, not per sample: a sample costs 4 bytes (a
// float32 in a little-endian blob whose layout a per-host series table
// names) instead of a row of its own. Tables are WITHOUT ROWID, keyed
// (host, time), so a chart query is one index range scan and retention is a
// range delete. Measured: about 5 bytes per sample on disk for raw rows,
// which keeps 30 days of 50 hosts polled every 10 s well under 1 GB (see
// BenchmarkDiskSize).
//
// # Durability
//
// Append only queues: a writer goroutine commits the queue every
// CommitEvery (default 5 s) in one transaction, which also rolls up the
// completed minutes and applies retention; the queue is bounded (a full
// queue commits in Append) and Close commits what is left. Reads (Range,
// Hosts, Metrics, Size) commit the queue first, so they see every Append
// that returned. Each host's latest snapshot is kept in memory and written
// to the database at most every LatestEvery (1 min) and at Close. The
// database runs in WAL mode with synchronous=NORMAL and checkpoints every
// 16,384 pages (64 MiB of WAL): a crash (kill -9) loses at most the last
// 5 s of samples (one batch) and the latest snapshots of the last minute,
// and the file always opens cleanly; only a power cut can lose the last few
// commits, never consistency. Roll-ups are computed from the raw rows inside
// the commit, so they are exact averages and maxima and survive restarts (a
// restarted store picks up where the tables end).
//
// Written to disk, measured by BenchmarkWriteBytes (write_bytes of
// /proc/self/io, 2 s polls): one transaction per snapshot wrote 464 B per
// sample kept at 50 hosts and 561 B at 1,000; a commit every 5 s writes
// about 145 and 77 B. What remains is SQLite's page granularity: every
// commit rewrites at least one 4 KiB page per host and tier (rows are
// keyed by host, then time), so the bytes per sample fall with the rows a
// host gathers per commit; reaching ~10 B needs a minute or more per batch
// (or an append-only log in front of the tables).
//
// # Size
//
// Rows older than each tier's retention are deleted as new minutes roll up.
// MaxSize caps the file: when the data outgrows it, every tier loses its
// oldest tenth until it fits, and freed pages are returned to the file
// system (auto_vacuum=incremental). Size reports the bytes used on disk for
// the settings screen.
package history
