// Package history is Lookout's history on disk: an embedded SQLite database
// (modernc.org/sqlite, a translation of SQLite's C source to Go, so lookoutd
// stays CGO_ENABLED=0 and nothing has to be installed) that keeps every
// host's series in three tiers:
//
//	raw          every sample, for RawRetention (default 48 h)
//	minute       1-minute averages and maxima, for MinuteRetention (7 days)
//	ten-minute   10-minute averages and maxima, for TenMinuteRetention (1 year)
//
// A Store implements engine.Store. Range reads each part of the asked span
// from the finest tier that still covers it, so a chart of the last week
// shows raw samples for the last two days and minute averages before that,
// and every downsampled bucket keeps its highest maximum: a short spike stays
// visible on a 30-day chart.
//
// A roll-up point is dated at the first raw sample it summarises, not at the
// start of its minute or ten minutes: a host first polled at 14:07:30 has
// its first ten-minute point at 14:07:30, so no chart shows a point before
// the data. Buckets that start with a sample on their boundary (the usual
// case once a host runs) keep aligned dates. A snapshot whose rates are
// not known yet (entity.Snapshot.RatesUnknown, a first reading) stores no
// value for them: a gap, never a 0.
//
// # Schema
//
// One row per host, tier and hour (a day for the ten-minute tier, whose
// six ticks an hour would make short chunks: its row is written at every
// hour and grows until the day ends), not per sample: each row is a chunk
// (chunk.go), the hour's ticks in one bit stream, Gorilla style: the
// tick's time as a delta of deltas (shared by all the host's series), then
// every series' value as a Rice-coded change of its rounded integer. Values
// are kept to 11 significant bits, or 0.001 below 2 (at most 0.025 % or
// 0.0005 off: charts and reports cannot tell). A series that holds still
// costs a bit a tick. The series table names each series' column. Chunk
// tables are keyed (host, first tick), so a chart query reads an hour's
// chunk per row it scans, and retention deletes whole chunks (Range shows
// no sample older than its tier's retention, counted back from the host's
// newest sample or now, whichever is earlier).
//
// Measured by BenchmarkDiskSize: about 0.9 B per raw sample on disk for a
// fleet whose figures move as servers' do, 1.5 B for independent noise at
// every sample (the worst case); the row-per-tick schema took 5 B. A
// roll-up value (average or maximum) takes about 1.2 B (1.5 B on noise).
//
// A database of the first schema (a row per host and tick) is converted on
// open, in one transaction, every sample kept (PRAGMA user_version 2 marks
// a converted one).
//
// # Durability
//
// Append only queues: a writer goroutine commits the queue every
// CommitEvery (default 5 s) in one transaction; the queue is bounded (a
// full queue commits in Append) and Close commits what is left. Reads
// (Range, Hosts, Metrics, Size) commit the queue first, so they see every
// Append that returned. The chunks of the current hour are open, in
// memory; each commit appends one row to the pending table holding the
// bytes every host's open raw chunk gained (patch.go), and Open replays
// those rows, so the open hour survives a crash; the open roll-ups are
// made again from it (the day's ten-minute chunk is read back from its
// row first). A tick in a new hour closes the host's chunks (they are
// written as rows and their pending rows deleted), as does an hour with no
// tick five minutes after it ends. Each host's latest snapshot is
// kept in memory and written to the database at most every LatestEvery
// (1 min) and at Close. The database runs in WAL mode with
// synchronous=NORMAL, 1 KiB pages (new databases) and checkpoints every
// 64 MiB of WAL: a crash (kill -9) loses at most the last 5 s of samples
// (one batch) and the latest snapshots of the last minute, and the file
// always opens cleanly; only a power cut can lose the last few commits,
// never consistency.
//
// Written to disk, measured by BenchmarkWriteBytes (write_bytes of
// /proc/self/io, 2 s polls, a run across an hour): one transaction per
// snapshot wrote 464 B per sample kept at 50 hosts and 561 B at 1,000; a
// commit every 5 s of rows 145 and 77 B; chunks and the pending table
// about 6 and 5 B. Appending to the pending table writes new pages only,
// not one page per host, and small pages keep a commit's fixed cost (the
// table's last page, the header) low.
//
// # Size
//
// Chunks older than each tier's retention are deleted as hours close, and
// by Prune (the daemon's timer), which also closes the last hour of hosts
// no longer polled.
// MaxSize caps the file: when the data outgrows it, every tier loses its
// oldest tenth until it fits, and freed pages are returned to the file
// system (auto_vacuum=incremental). Size reports the bytes used on disk for
// the settings screen.
package history
