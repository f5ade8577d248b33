package history

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCrashChild is the writer that TestKillNineMidWrite kills: it appends
// ticks as fast as it can, commits every 10 ticks (a batch) and prints the
// number of the last tick of each committed batch.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("LOOKOUT_HISTORY_CRASH_DB")
	if path == "" {
		t.Skip("run by TestKillNineMidWrite")
	}
	step, _ := time.ParseDuration(os.Getenv("LOOKOUT_HISTORY_CRASH_STEP"))
	s, err := Open(Options{Path: path, Now: func() time.Time { return t0.Add(24 * time.Hour) }, CommitEvery: time.Hour})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	for i := 0; ; i++ {
		for _, h := range []string{"a", "b"} {
			if err := s.Append(snap(h, t0.Add(time.Duration(i)*step), float64(i%100))); err != nil {
				fmt.Println("append:", err)
				os.Exit(1)
			}
		}
		if i%10 == 9 {
			if err := s.Flush(); err != nil {
				fmt.Println("flush:", err)
				os.Exit(1)
			}
			fmt.Printf("committed %d\n", i)
		}
	}
}

// TestKillNineMidWrite kills a writer mid-loop, its ticks a second apart
// (the open hour's chunks, in the pending table) or 30 s apart (hours
// close every 120 ticks: chunks written, pending rows deleted), and finds
// every committed tick after reopening.
func TestKillNineMidWrite(t *testing.T) {
	for _, step := range []time.Duration{time.Second, 30 * time.Second} {
		t.Run(step.String(), func(t *testing.T) { killNineMidWrite(t, step) })
	}
}

func killNineMidWrite(t *testing.T, step time.Duration) {
	path := filepath.Join(t.TempDir(), FileName)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "LOOKOUT_HISTORY_CRASH_DB="+path, "LOOKOUT_HISTORY_CRASH_STEP="+step.String())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	// Kill it in the middle of the write loop, well past the first minute
	// roll-ups (a tick a second per host).
	sc := bufio.NewScanner(out)
	last := -1
	for sc.Scan() {
		line := sc.Text()
		n, ok := strings.CutPrefix(line, "committed ")
		if !ok {
			t.Fatalf("child: %s", line)
		}
		last, _ = strconv.Atoi(n)
		if last >= 409 {
			break
		}
	}
	if last < 400 {
		t.Fatalf("child stopped after %d ticks", last)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killed = true

	s := open(t, Options{Path: path, Now: func() time.Time { return t0.Add(24 * time.Hour) }})
	var check string
	if err := s.r.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	// Every tick the child reported committed is there, for both hosts;
	// the child may have committed more before it died, never less.
	for _, h := range []string{"a", "b"} {
		pts := mustRange(t, s, h, "cpu", t0, t0.Add(24*time.Hour-time.Millisecond), 0)
		if len(pts) < last+1 {
			t.Errorf("host %s: %d points after kill -9, want at least %d", h, len(pts), last+1)
		}
		for i, p := range pts {
			if want := float64(i % 100); p.V != want || !p.T.Equal(t0.Add(time.Duration(i)*step)) {
				t.Fatalf("host %s point %d = %v, want %v", h, i, p, want)
			}
		}
	}
	if got := rollups(t, s, "minute", "a", "cpu"); len(got) < last/60 {
		t.Errorf("%d minute roll-ups, want at least %d", len(got), last/60)
	}
	// And writing goes on.
	next := t0.Add(23 * time.Hour)
	if err := s.Append(snap("a", next, 1)); err != nil {
		t.Fatal(err)
	}
	if snap, ok := s.Latest("a"); !ok || !snap.Time.Equal(next) {
		t.Errorf("Latest after reopening = %v, %v", snap.Time, ok)
	}
}
