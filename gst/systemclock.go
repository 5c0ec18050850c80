package gst

import (
	"sync"

	"github.com/gstmini/gstmini/gst/internal/clocksched"
)

// SystemClock is the clock of the machine: CLOCK_MONOTONIC on Linux (the
// time since boot, in ns). All its waits, blocking and asynchronous, are
// served by one shared scheduler goroutine that sleeps on a high-resolution
// absolute timer (timerfd) until the earliest deadline, so thousands of
// sinks can wait at once without a thread each, and wake-ups are precise to
// some microseconds. The goroutine exists only while something waits.
//
// GStreamer: GstSystemClock (gst/gstsystemclock.c).
type SystemClock struct {
	ClockBase
	sched *clocksched.Scheduler

	amu      sync.Mutex // asynchronous callbacks waiting to run
	aqueue   []asyncFire
	arunning bool
}

type asyncFire struct {
	id *ClockID
	t  ClockTime
}

// NewSystemClock returns a new, independent system clock named name. Unlike
// the shared one from SystemClockObtain, it may be calibrated or slaved.
//
// GStreamer: gst_system_clock_new (gst/gstsystemclock.c).
func NewSystemClock(name string) *SystemClock {
	c := &SystemClock{sched: clocksched.Default()}
	c.SetName(name)
	c.SetTypeName("GstSystemClock")
	c.InitClock(c)
	c.SetFlags(ClockFlagCanDoSingleSync | ClockFlagCanDoSingleAsync |
		ClockFlagCanDoPeriodicSync | ClockFlagCanDoPeriodicAsync)
	return c
}

var (
	sysclockMu      sync.Mutex
	theSystemClock  Clock
	defaultSysClock *ClockBase // for isDefaultSystemClock
)

// SystemClockObtain returns the shared default system clock (named
// "GstSystemClock"), creating it on first use, or the clock installed with
// SystemClockSetDefault. Safe for concurrent use.
//
// GStreamer: gst_system_clock_obtain (gst/gstsystemclock.c).
func SystemClockObtain() Clock {
	sysclockMu.Lock()
	defer sysclockMu.Unlock()
	if theSystemClock == nil {
		c := NewSystemClock("GstSystemClock")
		theSystemClock = c
		defaultSysClock = &c.ClockBase
	}
	return theSystemClock
}

// SystemClockSetDefault makes c the clock SystemClockObtain returns; nil
// goes back to a fresh system clock on the next SystemClockObtain. Meant for
// tests, as in GStreamer.
//
// GStreamer: gst_system_clock_set_default (gst/gstsystemclock.c).
func SystemClockSetDefault(c Clock) {
	sysclockMu.Lock()
	defer sysclockMu.Unlock()
	theSystemClock = c
	defaultSysClock = nil
	if c != nil {
		defaultSysClock = c.clock()
	}
}

func isDefaultSystemClock(c *ClockBase) bool {
	sysclockMu.Lock()
	defer sysclockMu.Unlock()
	return c == defaultSysClock
}

// InternalTime returns CLOCK_MONOTONIC in ns. Does not allocate.
//
// GStreamer: gst_system_clock_get_internal_time (gst/gstsystemclock.c).
func (c *SystemClock) InternalTime() ClockTime { return ClockTime(clocksched.Now()) }

// Resolution returns 1 ns, the resolution of CLOCK_MONOTONIC on Linux.
//
// GStreamer: gst_system_clock_get_resolution (gst/gstsystemclock.c).
func (c *SystemClock) Resolution() ClockTime { return 1 }

// WaitID blocks until the clock reaches id's time (see ClockID.Wait). The
// wait is computed in clock time and slept on the monotonic clock; after
// waking it re-checks the clock (whose rate may have changed) and sleeps
// again if still more than 100 ns early. Called through ClockID.Wait.
//
// GStreamer: gst_system_clock_id_wait_jitter (gst/gstsystemclock.c).
func (c *SystemClock) WaitID(id *ClockID) (ClockReturn, ClockTimeDiff) {
	status := id.Status()
	if status == ClockUnscheduled {
		return ClockUnscheduled, 0
	}
	id.timer.InitFunc(nil)
	id.timer.InitChan() // before the CAS to busy, which publishes it to UnscheduleID
	id.timer.Reset()
	now := c.Time()
	mono := clocksched.Now()
	entryt := id.Time()
	diff := ClockDiff(now, entryt)
	jitter := -diff
	if diff <= clockMinWaitTime {
		r := ClockEarly
		if diff == 0 {
			r = ClockOK
		}
		if !id.CompareAndSwapStatus(status, r) {
			return ClockUnscheduled, jitter
		}
		return r, jitter
	}
	if !id.CompareAndSwapStatus(status, ClockBusy) {
		return ClockUnscheduled, jitter
	}
	for {
		if !c.sched.WaitUntil(&id.timer, c.monoDeadline(entryt, diff, mono)) || id.Status() == ClockUnscheduled {
			return ClockUnscheduled, jitter
		}
		now = c.Time()
		mono = clocksched.Now()
		diff = ClockDiff(now, entryt)
		if diff <= clockMinWaitTime {
			if id.CompareAndSwapStatus(ClockBusy, ClockOK) {
				return ClockOK, jitter
			}
			return ClockUnscheduled, jitter
		}
	}
}

// monoDeadline returns the monotonic time at which the clock reaches entryt,
// diff (clock time) away at monotonic time mono. The internal time of a
// system clock is the monotonic time, so it is the unadjusted entryt; with
// the identity calibration that is simply mono+diff. (GStreamer sleeps diff
// of monotonic time whatever the rate, then re-checks.)
func (c *SystemClock) monoDeadline(entryt ClockTime, diff ClockTimeDiff, mono int64) int64 {
	simple := mono + int64(diff)
	if k := c.calib(); k.num == k.denom {
		return simple
	}
	d := int64(c.UnadjustUnlocked(entryt))
	if d <= mono || d > simple+int64(diff) { // clamped by last_time, or a very slow clock: be safe
		return simple
	}
	return d
}

// WaitIDAsync queues id on the scheduler; when it fires, its callback runs
// on the clock's callback goroutine (callbacks of one clock run one at a
// time, in time order). A periodic id is re-queued after each callback.
// Called through ClockID.WaitAsync.
//
// GStreamer: gst_system_clock_id_wait_async (gst/gstsystemclock.c).
func (c *SystemClock) WaitIDAsync(id *ClockID) ClockReturn {
	status := id.Status()
	if status == ClockUnscheduled || !id.CompareAndSwapStatus(status, ClockBusy) {
		return ClockUnscheduled
	}
	if id.asyncFn == nil {
		id.asyncFn = func() { c.asyncFired(id) }
	}
	id.timer.Reset()
	id.timer.InitFunc(id.asyncFn)
	c.queueAsync(id)
	return ClockOK
}

func (c *SystemClock) queueAsync(id *ClockID) {
	entryt := id.Time()
	diff := ClockDiff(c.Time(), entryt)
	id.asyncEarly = diff < 0
	c.sched.Add(&id.timer, c.monoDeadline(entryt, diff, clocksched.Now()))
}

// asyncFired runs on the scheduler goroutine.
func (c *SystemClock) asyncFired(id *ClockID) {
	if id.Status() == ClockUnscheduled {
		return
	}
	entryt := id.Time()
	if diff := ClockDiff(c.Time(), entryt); diff > clockMinWaitTime {
		c.sched.Add(&id.timer, c.monoDeadline(entryt, diff, clocksched.Now())) // recalibrated
		return
	}
	r := ClockOK
	if id.asyncEarly {
		r = ClockEarly
	}
	if !id.CompareAndSwapStatus(ClockBusy, r) {
		return
	}
	c.amu.Lock()
	c.aqueue = append(c.aqueue, asyncFire{id, entryt})
	if !c.arunning {
		c.arunning = true
		go c.runCallbacks()
	}
	c.amu.Unlock()
}

// runCallbacks calls fired callbacks in order and exits when none is left.
func (c *SystemClock) runCallbacks() {
	for {
		c.amu.Lock()
		if len(c.aqueue) == 0 {
			c.arunning = false
			c.aqueue = c.aqueue[:0]
			c.amu.Unlock()
			return
		}
		f := c.aqueue[0]
		c.aqueue[0] = asyncFire{}
		c.aqueue = c.aqueue[1:]
		c.amu.Unlock()

		id := f.id
		if id.Status() == ClockUnscheduled {
			continue
		}
		if fn := id.fn; fn != nil {
			fn(c, f.t, id)
		}
		if id.typ == ClockEntryPeriodic {
			id.time.Store(uint64(f.t + id.interval))
			st := id.Status()
			if st != ClockUnscheduled && id.CompareAndSwapStatus(st, ClockBusy) {
				c.queueAsync(id)
			}
		}
	}
}

// UnscheduleID marks id unscheduled, takes it off the scheduler and wakes a
// goroutine blocked on it. Called through ClockID.Unschedule.
//
// GStreamer: gst_system_clock_id_unschedule (gst/gstsystemclock.c).
func (c *SystemClock) UnscheduleID(id *ClockID) {
	old := ClockReturn(id.status.Swap(int32(ClockUnscheduled)))
	c.sched.Remove(&id.timer)
	if old == ClockBusy {
		id.timer.Signal()
	}
}
