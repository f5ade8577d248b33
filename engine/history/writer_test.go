package history

import (
	"database/sql"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// TestAppendsCommitInBatches: appends wait in the queue (nothing reaches
// the database file until the commit), a read commits them first
// (read-your-writes), and a batch is one transaction.
func TestAppendsCommitInBatches(t *testing.T) {
	s := open(t, Options{Now: func() time.Time { return t0.Add(time.Hour) }})
	for i := range 10 {
		if err := s.Append(snap("h", t0.Add(time.Duration(i)*time.Second), float64(i))); err != nil {
			t.Fatal(err)
		}
	}
	// Another connection to the file, as lookout export beside lookoutd.
	db, err := sql.Open("sqlite", s.Path()+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM pending`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d pending rows before the commit (%v), want 0", n, err)
	}
	if snap, ok := s.Latest("h"); !ok || !snap.Time.Equal(t0.Add(9*time.Second)) {
		t.Errorf("Latest before the commit = %v, %v", snap.Time, ok)
	}
	if pts := mustRange(t, s, "h", "cpu", t0, t0.Add(time.Minute), 0); len(pts) != 10 {
		t.Errorf("Range right after the appends: %d points, want 10", len(pts))
	}
	// One commit, one row: the open chunk's bytes of all 10 appends.
	if err := db.QueryRow(`SELECT COUNT(*) FROM pending`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d pending rows after the read (%v), want 1", n, err)
	}
}

// TestWriteBytesPerSample bounds what a fleet's history writes to disk per
// sample kept. One transaction per snapshot wrote 460-560 B per sample
// (BenchmarkWriteBytes), a commit every 5 s of rows 77-145 B; chunks and
// the pending table write under 10 B (issue #19).
func TestWriteBytesPerSample(t *testing.T) {
	if _, ok := writeBytes(); !ok {
		t.Skip("no /proc/self/io")
	}
	per, _ := writeRunT(t, 50, 300)
	t.Logf("%.1f bytes written per sample", per)
	if per > 10 {
		t.Errorf("%.1f bytes written per sample, want <= 10", per)
	}
}
