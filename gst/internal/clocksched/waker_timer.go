package clocksched

import "time"

// timerWaker sleeps on a time.Timer: the portable fallback, precise only to
// the Go runtime's timer granularity (about a millisecond late on Linux).
type timerWaker struct{ t *time.Timer }

func newTimerWaker() waker {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &timerWaker{t: t}
}

func (w *timerWaker) arm(when int64) { w.t.Reset(time.Duration(when - Now())) }

func (w *timerWaker) wait() { <-w.t.C }
