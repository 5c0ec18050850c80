package coreelements

import (
	"sync"

	"github.com/gstmini/gstmini/gst"
)

// syncWaiter is the clock wait identity and clocksync share (in C,
// gst_identity_do_sync and gst_clocksync_do_sync are the same code). Its
// fields belong to the embedding element's object lock.
type syncWaiter struct {
	tsOffset        int64
	flushing        bool
	blocked         bool
	clockID         *gst.ClockID
	upstreamLatency gst.ClockTime
}

// syncClock is what syncWaiter needs from the element.
type syncClock interface {
	Clock() gst.Clock
	BaseTime() gst.ClockTime
}

// waitLocked waits while the element is blocked (PAUSED), then until the
// clock reaches runningTime + base time + upstream latency, shifted by
// ts-offset. It is called and returns with mu held (cond is on mu) and
// releases mu during the clock wait, leaving the pending ID in clockID so
// a flush can unschedule it. It returns gst.ErrFlushing when flushed.
func (w *syncWaiter) waitLocked(mu *sync.Mutex, cond *sync.Cond, el syncClock, runningTime gst.ClockTime) error {
	for w.blocked && !w.flushing {
		cond.Wait()
	}
	if w.flushing {
		return gst.ErrFlushing
	}
	clock := el.Clock()
	if clock == nil {
		return nil
	}
	ts := runningTime + el.BaseTime() + w.upstreamLatency
	if off := w.tsOffset; off < 0 {
		if gst.ClockTime(-off) < ts {
			ts -= gst.ClockTime(-off)
		} else {
			ts = 0
		}
	} else {
		ts += gst.ClockTime(off)
	}
	id := clock.NewSingleShotID(ts)
	w.clockID = id
	mu.Unlock()
	ret, _ := id.Wait()
	mu.Lock()
	w.clockID = nil
	if ret == gst.ClockUnscheduled || w.flushing {
		return gst.ErrFlushing
	}
	return nil
}
