package app

import (
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"lookout/internal/desktoptest"
	"lookout/internal/testenv"
)

// fakeLoop stands in for Fyne's UI loop: one goroutine that runs queued
// functions in order, as fyne.Do and fyne.DoAndWait queue them.
type fakeLoop struct {
	q     chan fakeFunc
	parks atomic.Int32 // functions queued with doAndWait (parks)
}

type fakeFunc struct {
	f    func()
	done chan struct{}
}

func newFakeLoop(t *testing.T) *fakeLoop {
	l := &fakeLoop{q: make(chan fakeFunc, 64)}
	quit := make(chan struct{})
	t.Cleanup(func() { close(quit) })
	go func() {
		for {
			select {
			case ff := <-l.q:
				ff.f()
				if ff.done != nil {
					close(ff.done)
				}
			case <-quit:
				return
			}
		}
	}()
	return l
}

// doAndWait is fyne.DoAndWait.
func (l *fakeLoop) doAndWait(f func()) {
	l.parks.Add(1)
	done := make(chan struct{})
	l.q <- fakeFunc{f, done}
	<-done
}

// latency queues f as fyne.Do does (a tray click, a flush) and returns how
// long it waited before it ran.
func (l *fakeLoop) latency(t *testing.T, f func()) time.Duration {
	t.Helper()
	ran := make(chan time.Duration, 1)
	start := time.Now()
	l.q <- fakeFunc{f: func() { f(); ran <- time.Since(start) }}
	select {
	case d := <-ran:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("a queued function did not run within 10 s")
		return 0
	}
}

func waitDone(t *testing.T, i *idler, within time.Duration) {
	t.Helper()
	select {
	case <-i.done:
	case <-time.After(within):
		t.Fatalf("the idler's goroutine did not end within %v of stop", within)
	}
}

// While the window is shown, the idler queues nothing at all.
func TestIdlerLeavesAShownWindowAlone(t *testing.T) {
	l := newFakeLoop(t)
	i := startIdler(20*time.Millisecond, l.doAndWait)
	time.Sleep(150 * time.Millisecond)
	if n := l.parks.Load(); n != 0 {
		t.Errorf("%d slices queued while the window was shown", n)
	}
	if d := l.latency(t, func() {}); d > time.Second {
		t.Errorf("a queued function waited %v with the window shown", d)
	}
	i.stop()
	waitDone(t, i, time.Second)
}

// While hidden, the loop is held in slices: a queued function (a tray
// click) waits at most about one slice, and showing the window ends the
// parking at once.
func TestIdlerHoldsTheLoopWhileHidden(t *testing.T) {
	const slice = 200 * time.Millisecond
	l := newFakeLoop(t)
	i := startIdler(slice, l.doAndWait)
	defer i.stop()
	l.latency(t, i.hide) // closeWindow runs on the UI goroutine
	time.Sleep(50 * time.Millisecond)

	var worst time.Duration
	for range 3 {
		d := l.latency(t, func() {})
		worst = max(worst, d)
		time.Sleep(slice / 3)
	}
	if worst < slice/4 {
		t.Errorf("queued functions ran after at most %v: the loop is not held", worst)
	}
	if worst > slice+slice/2 {
		t.Errorf("a queued function waited %v, more than one slice (%v)", worst, slice)
	}
	if n := l.parks.Load(); n < 2 {
		t.Errorf("%d slices queued while hidden", n)
	}

	// "Open Lookout": from the click on, the loop runs at full rate.
	l.latency(t, i.show)
	time.Sleep(50 * time.Millisecond) // the slice queued before show returns at once
	parks := l.parks.Load()
	for range 5 {
		if d := l.latency(t, func() {}); d > slice/2 {
			t.Errorf("a queued function waited %v with the window shown", d)
		}
	}
	time.Sleep(2 * slice)
	if n := l.parks.Load(); n != parks {
		t.Errorf("%d slices queued after the window was shown", n-parks)
	}

	// Hidden again: parking resumes.
	l.latency(t, i.hide)
	time.Sleep(2 * slice)
	if n := l.parks.Load(); n == parks {
		t.Error("no slice queued after the window was hidden again")
	}
}

// stop (quit, a signal) ends the slice under way at once, frees the loop
// and ends the goroutine.
func TestIdlerStopEndsTheSlice(t *testing.T) {
	l := newFakeLoop(t)
	i := startIdler(time.Hour, l.doAndWait)
	i.hide()
	for l.parks.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // the park is under way
	start := time.Now()
	i.stop()
	i.stop() // quit after a signal: twice is fine
	if d := l.latency(t, func() {}); d > time.Second {
		t.Errorf("the loop was held %v after stop", d)
	}
	waitDone(t, i, time.Second)
	if d := time.Since(start); d > time.Second {
		t.Errorf("stop took %v", d)
	}
}

// After Fyne's loop has ended, fyne.DoAndWait runs the function on the
// caller's goroutine: the idler still ends at stop.
func TestIdlerEndsAfterTheLoop(t *testing.T) {
	inline := func(f func()) { f() }
	i := startIdler(time.Hour, inline)
	i.hide()
	time.Sleep(20 * time.Millisecond)
	i.stop()
	waitDone(t, i, time.Second)
}

// TestTrayOnlyIdle runs the real binary in the tray only (--hidden), as
// at login: the tray's menu still acts while the loop is held in slices,
// "Open Lookout" maps the window, and both Quit and SIGTERM end Lookout
// promptly from the tray.
func TestTrayOnlyIdle(t *testing.T) {
	desktoptest.SessionBus(t)
	display := testenv.Display(t)
	w := desktoptest.StartWatcher(t)

	cmd := startLookout(t, display, "window", "--hidden")
	it := w.WaitItem(t, 30*time.Second)
	pause := waitMenu(t, w, it, "Pause polling")
	start := time.Now()
	w.Click(t, it, pause.ID)
	waitMenu(t, w, it, "Resume polling")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a tray click took %v to act while hidden", d)
	}
	if viewable(t, display) {
		t.Fatal("the window is shown with --hidden")
	}

	open := waitMenu(t, w, it, "Open Lookout")
	w.Click(t, it, open.ID)
	deadline := time.Now().Add(10 * time.Second)
	for !viewable(t, display) {
		if time.Now().After(deadline) {
			t.Fatal(`"Open Lookout" did not show the window`)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The window is live: a click now acts at Fyne's full rate.
	resume := waitMenu(t, w, it, "Resume polling")
	w.Click(t, it, resume.ID)
	waitMenu(t, w, it, "Pause polling")

	quit := waitMenu(t, w, it, "Quit")
	w.Click(t, it, quit.ID)
	waitExit(t, cmd, 5*time.Second, "Quit from the tray")

	// SIGTERM while hidden (systemd, logout).
	cmd = startLookout(t, display, "window", "--hidden")
	for old := it.Bus; it.Bus == old; { // not the first run's
		it = w.WaitItem(t, 30*time.Second)
	}
	waitMenu(t, w, it, "Quit")
	time.Sleep(time.Second) // parking under way
	cmd.Process.Signal(syscall.SIGTERM)
	waitExit(t, cmd, 3*time.Second, "SIGTERM")
}

// viewable reports whether a window titled Lookout is mapped on display.
func viewable(t *testing.T, display string) bool {
	t.Helper()
	xwininfo := testenv.Require(t, "xwininfo")
	out, _ := exec.Command(xwininfo, "-display", display, "-root", "-tree").Output()
	for _, l := range strings.Split(string(out), "\n") {
		if !strings.Contains(l, `"Lookout"`) {
			continue
		}
		info, _ := exec.Command(xwininfo, "-display", display, "-id", strings.Fields(l)[0]).Output()
		if strings.Contains(string(info), "IsViewable") {
			return true
		}
	}
	return false
}

func waitExit(t *testing.T, cmd *exec.Cmd, within time.Duration, what string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("lookout exited with %v after %s", err, what)
		}
	case <-time.After(within):
		cmd.Process.Signal(os.Kill)
		t.Fatalf("%s did not end lookout within %v", what, within)
	}
}
