package app

import (
	"sync"
	"sync/atomic"
	"time"
)

// Idling in the tray.
//
// Why: Fyne 2.7.1's main loop (internal/driver/glfw/loop.go, runGL) wakes
// on a 60 Hz ticker and polls GLFW's events and tries to draw a frame on
// every tick, whether or not a window is shown. With only the tray icon
// showing, that loop alone costs about 1 % of a core, more than twice the
// whole budget of a tray-only Lookout (0.5 %, issue #7), and Fyne has no
// setting to slow it down.
//
// How: the loop runs the functions queued by fyne.Do, fyne.DoAndWait and
// the tray's menu clicks between its ticks. While the window is hidden a
// goroutine queues park again and again with fyne.DoAndWait; park holds
// the UI goroutine for one slice (idleSlice) and returns. Between two
// slices the loop runs what was queued meanwhile (a tray click, the
// polls' flush, quit) and at most one tick's events and frame, so it wakes
// about 4 times a second instead of 60 (measured under Xvfb: the idle
// loop's cost falls from about 1 % of a core to about 0.1 %). The ticker
// costs nothing while its ticks are not received: since Go 1.23 a
// ticker's channel is synchronous, and the runtime does not even fire the
// timer while no one waits on it.
//
// The price: while the window is hidden, whatever the UI goroutine is
// asked to do waits until the current slice ends. A tray menu click acts
// after at most idleSlice (250 ms), and X requests to Lookout's hidden
// window (a paste of text copied from it) are answered as late. Once the
// window is shown the loop runs at Fyne's full rate again: showWindow
// runs on the UI goroutine, so it is never itself held, and the slice
// already queued returns at once.
//
// Safety: park waits only on its timer and on stop, never on anything
// that needs the UI goroutine, and the parking goroutine is the only
// caller of fyne.DoAndWait in Lookout (everything else uses fyne.Do), so
// holding the UI goroutine cannot deadlock. quit and the signal handler
// call stop, which ends the slice under way at once and the goroutine
// with it.

// idleSlice is how long park holds the UI goroutine while the window is
// hidden: the tray's reaction time is at most this.
const idleSlice = 250 * time.Millisecond

// idler holds Fyne's UI loop in slices while the window is hidden.
type idler struct {
	slice time.Duration
	// doAndWait runs a function on the UI goroutine and waits for it
	// (fyne.DoAndWait; a test's own loop in the unit tests).
	doAndWait func(func())

	hidden   atomic.Bool
	hideCh   chan struct{} // the window was hidden: start parking
	stopCh   chan struct{} // closed by stop
	stopOnce sync.Once
	done     chan struct{} // closed when the goroutine ends
}

// startIdler starts the parking goroutine; it parks only between hide and
// show, and ends at stop.
func startIdler(slice time.Duration, doAndWait func(func())) *idler {
	i := &idler{
		slice:     slice,
		doAndWait: doAndWait,
		hideCh:    make(chan struct{}, 1),
		stopCh:    make(chan struct{}),
		done:      make(chan struct{}),
	}
	go i.run()
	return i
}

// hide tells the idler that the window is hidden (or never shown): the
// UI loop is held in slices from now on.
func (i *idler) hide() {
	i.hidden.Store(true)
	select {
	case i.hideCh <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// show tells the idler that the window is shown. It runs on the UI
// goroutine, so no slice is under way; the next one returns at once.
func (i *idler) show() { i.hidden.Store(false) }

// stop ends the slice under way and the goroutine, for good. It may be
// called from any goroutine, more than once.
func (i *idler) stop() { i.stopOnce.Do(func() { close(i.stopCh) }) }

func (i *idler) run() {
	defer close(i.done)
	for {
		if !i.hidden.Load() {
			select {
			case <-i.hideCh:
				continue
			case <-i.stopCh:
				return
			}
		}
		select {
		case <-i.stopCh:
			return
		default:
		}
		i.doAndWait(i.park)
	}
}

// park runs on the UI goroutine: it holds it for one slice, or not at all
// when the window has been shown since the slice was queued.
func (i *idler) park() {
	if !i.hidden.Load() {
		return
	}
	t := time.NewTimer(i.slice)
	defer t.Stop()
	select {
	case <-t.C:
	case <-i.stopCh:
	}
}
