// Package gsttest holds test helpers for GstMini elements: a clock whose
// time only moves when the test says so.
//
// GStreamer: libs/gst/check (GstTestClock, GstHarness).
package gsttest

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gstmini/gstmini/gst"
)

// TestClock is a clock whose time is set by the test (SetTime, AdvanceTime)
// and whose waits never end by themselves: a waited ID stays pending until
// the test processes it (ProcessNextClockID, ProcessID, Crank). Tests can
// wait for elements to reach their clock waits (WaitForNextPendingID,
// WaitForMultiplePendingIDs) without sleeping. Safe for concurrent use.
//
// GStreamer: GstTestClock (libs/gst/check/gsttestclock.c).
type TestClock struct {
	gst.ClockBase

	mu             sync.Mutex
	entryAdded     sync.Cond
	entryProcessed sync.Cond
	startTime      gst.ClockTime
	internalTime   gst.ClockTime
	entries        []*entryContext // sorted by time
}

type entryContext struct {
	id       *gst.ClockID
	timeDiff gst.ClockTimeDiff // requested time minus clock time when added
}

var testClockCount atomic.Int64

// NewTestClock returns a TestClock at time 0.
//
// GStreamer: gst_test_clock_new (libs/gst/check/gsttestclock.c).
func NewTestClock() *TestClock { return NewTestClockWithStartTime(0) }

// NewTestClockWithStartTime returns a TestClock whose time starts at
// startTime (ns); ClockTimeNone is treated as 0.
//
// GStreamer: gst_test_clock_new_with_start_time (libs/gst/check/gsttestclock.c).
func NewTestClockWithStartTime(startTime gst.ClockTime) *TestClock {
	if !startTime.IsValid() {
		startTime = 0
	}
	c := &TestClock{startTime: startTime, internalTime: startTime}
	c.entryAdded.L = &c.mu
	c.entryProcessed.L = &c.mu
	c.SetName("testclock" + strconv.FormatInt(testClockCount.Add(1)-1, 10))
	c.SetTypeName("GstTestClock")
	c.InitClock(c)
	c.SetFlags(gst.ClockFlagCanDoSingleSync | gst.ClockFlagCanDoSingleAsync |
		gst.ClockFlagCanDoPeriodicSync | gst.ClockFlagCanDoPeriodicAsync)
	return c
}

// StartTime returns the time the clock was created with (property
// "start-time").
//
// GStreamer: GstTestClock:start-time (libs/gst/check/gsttestclock.c).
func (c *TestClock) StartTime() gst.ClockTime { return c.startTime }

// InternalTime returns the time set by the test.
//
// GStreamer: gst_test_clock_get_internal_time (libs/gst/check/gsttestclock.c).
func (c *TestClock) InternalTime() gst.ClockTime {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.internalTime
}

// Resolution returns 1 ns.
//
// GStreamer: gst_test_clock_get_resolution (libs/gst/check/gsttestclock.c).
func (c *TestClock) Resolution() gst.ClockTime { return 1 }

// SetTime sets the clock's time. It returns an error (and changes nothing)
// if t is ClockTimeNone or earlier than the current time: the clock never
// goes back.
//
// GStreamer: gst_test_clock_set_time (libs/gst/check/gsttestclock.c).
func (c *TestClock) SetTime(t gst.ClockTime) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.setTimeLocked(t)
}

func (c *TestClock) setTimeLocked(t gst.ClockTime) error {
	if !t.IsValid() {
		return fmt.Errorf("gsttest: TestClock.SetTime: invalid time")
	}
	if t < c.internalTime {
		return fmt.Errorf("gsttest: TestClock.SetTime(%v) is before the current time %v", t, c.internalTime)
	}
	c.internalTime = t
	return nil
}

// AdvanceTime moves the clock forward by delta ns. It returns an error for a
// negative delta or an overflow.
//
// GStreamer: gst_test_clock_advance_time (libs/gst/check/gsttestclock.c).
func (c *TestClock) AdvanceTime(delta gst.ClockTimeDiff) error {
	if delta < 0 {
		return fmt.Errorf("gsttest: TestClock.AdvanceTime(%v): negative delta", delta)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.internalTime + gst.ClockTime(delta)
	if t < c.internalTime || !t.IsValid() {
		return fmt.Errorf("gsttest: TestClock.AdvanceTime(%v) overflows", delta)
	}
	c.internalTime = t
	return nil
}

// WaitID registers id as pending and blocks until the test processes or
// unschedules it. The jitter is the clock time when the wait started minus
// id's time.
//
// GStreamer: gst_test_clock_wait (libs/gst/check/gsttestclock.c).
func (c *TestClock) WaitID(id *gst.ClockID) (gst.ClockReturn, gst.ClockTimeDiff) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id.Status() == gst.ClockUnscheduled {
		return gst.ClockUnscheduled, 0
	}
	var jitter gst.ClockTimeDiff
	if c.lookup(id) < 0 {
		jitter = c.addEntry(id)
	}
	id.SetStatus(gst.ClockBusy)
	for id.Status() == gst.ClockBusy {
		c.entryProcessed.Wait()
	}
	return id.Status(), jitter
}

// WaitIDAsync registers id as pending; its callback runs when the test
// processes it.
//
// GStreamer: gst_test_clock_wait_async (libs/gst/check/gsttestclock.c).
func (c *TestClock) WaitIDAsync(id *gst.ClockID) gst.ClockReturn {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id.Status() == gst.ClockUnscheduled {
		return gst.ClockUnscheduled
	}
	c.addEntry(id)
	return gst.ClockOK
}

// UnscheduleID marks id unscheduled and drops it from the pending list,
// waking a goroutine blocked on it.
//
// GStreamer: gst_test_clock_unschedule (libs/gst/check/gsttestclock.c).
func (c *TestClock) UnscheduleID(id *gst.ClockID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id.SetStatus(gst.ClockUnscheduled)
	c.removeEntry(id)
}

func (c *TestClock) lookup(id *gst.ClockID) int {
	for i, e := range c.entries {
		if e.id == id {
			return i
		}
	}
	return -1
}

func (c *TestClock) addEntry(id *gst.ClockID) gst.ClockTimeDiff {
	now := c.AdjustUnlocked(c.internalTime)
	ctx := &entryContext{id: id, timeDiff: gst.ClockDiff(now, id.Time())}
	// After entries with the same time, as g_list_insert_sorted.
	i := len(c.entries)
	for j, e := range c.entries {
		if e.id.Compare(id) > 0 {
			i = j
			break
		}
	}
	c.entries = slices.Insert(c.entries, i, ctx)
	c.entryAdded.Broadcast()
	return gst.ClockDiff(id.Time(), now)
}

func (c *TestClock) removeEntry(id *gst.ClockID) {
	if i := c.lookup(id); i >= 0 {
		c.entries = slices.Delete(c.entries, i, i+1)
		c.entryProcessed.Broadcast()
	}
}

// processLocked releases one pending entry: OK if it was waited on time,
// EARLY if late; its callback runs (without the lock); a periodic async
// entry is re-queued one interval later.
func (c *TestClock) processLocked(ctx *entryContext) {
	id := ctx.id
	if ctx.timeDiff >= 0 {
		id.SetStatus(gst.ClockOK)
	} else {
		id.SetStatus(gst.ClockEarly)
	}
	fn := id.Callback()
	if fn != nil {
		now := c.internalTime
		c.mu.Unlock()
		fn(c, now, id)
		c.mu.Lock()
	}
	c.removeEntry(id)
	if id.Type() == gst.ClockEntryPeriodic {
		id.SetTime(id.Time() + id.Interval())
		if fn != nil {
			c.addEntry(id)
		}
	}
}

// PeekIDCount returns the number of pending IDs.
//
// GStreamer: gst_test_clock_peek_id_count (libs/gst/check/gsttestclock.c).
func (c *TestClock) PeekIDCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// HasID reports whether id is pending.
//
// GStreamer: gst_test_clock_has_id (libs/gst/check/gsttestclock.c).
func (c *TestClock) HasID(id *gst.ClockID) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookup(id) >= 0
}

// PeekNextPendingID returns the earliest pending ID, if any.
//
// GStreamer: gst_test_clock_peek_next_pending_id (libs/gst/check/gsttestclock.c).
func (c *TestClock) PeekNextPendingID() (*gst.ClockID, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) == 0 {
		return nil, false
	}
	return c.entries[0].id, true
}

func (c *TestClock) waitForNextLocked() *gst.ClockID {
	for len(c.entries) == 0 {
		c.entryAdded.Wait()
	}
	return c.entries[0].id
}

// WaitForNextPendingID blocks until an ID is pending and returns the
// earliest one.
//
// GStreamer: gst_test_clock_wait_for_next_pending_id (libs/gst/check/gsttestclock.c).
func (c *TestClock) WaitForNextPendingID() *gst.ClockID {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waitForNextLocked()
}

// WaitForMultiplePendingIDs blocks until at least count IDs are pending and
// returns the pending IDs in time order.
//
// GStreamer: gst_test_clock_wait_for_multiple_pending_ids (libs/gst/check/gsttestclock.c).
func (c *TestClock) WaitForMultiplePendingIDs(count int) []*gst.ClockID {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.entries) < count {
		c.entryAdded.Wait()
	}
	return c.pendingLocked()
}

// TimedWaitForMultiplePendingIDs is WaitForMultiplePendingIDs giving up
// after timeout; ok reports whether exactly count IDs are pending.
//
// GStreamer: gst_test_clock_timed_wait_for_multiple_pending_ids (libs/gst/check/gsttestclock.c).
func (c *TestClock) TimedWaitForMultiplePendingIDs(count int, timeout time.Duration) (ids []*gst.ClockID, ok bool) {
	expired := false
	t := time.AfterFunc(timeout, func() {
		c.mu.Lock()
		expired = true
		c.entryAdded.Broadcast()
		c.mu.Unlock()
	})
	defer t.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.entries) < count && !expired {
		c.entryAdded.Wait()
	}
	return c.pendingLocked(), len(c.entries) == count
}

func (c *TestClock) pendingLocked() []*gst.ClockID {
	ids := make([]*gst.ClockID, len(c.entries))
	for i, e := range c.entries {
		ids[i] = e.id
	}
	return ids
}

// ProcessNextClockID releases the earliest pending ID whose time has been
// reached and returns it, or returns nil if none is due.
//
// GStreamer: gst_test_clock_process_next_clock_id (libs/gst/check/gsttestclock.c).
func (c *TestClock) ProcessNextClockID() *gst.ClockID {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.processNextLocked()
}

func (c *TestClock) processNextLocked() *gst.ClockID {
	for _, e := range c.entries {
		if c.internalTime >= e.id.Time() {
			c.processLocked(e)
			return e.id
		}
	}
	return nil
}

// ProcessID releases the pending ID id whatever the time, reporting false if
// id is not pending.
//
// GStreamer: gst_test_clock_process_id (libs/gst/check/gsttestclock.c).
func (c *TestClock) ProcessID(id *gst.ClockID) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := c.lookup(id)
	if i < 0 {
		return false
	}
	c.processLocked(c.entries[i])
	return true
}

// ProcessIDList releases every pending ID of ids and returns how many it
// released.
//
// GStreamer: gst_test_clock_process_id_list (libs/gst/check/gsttestclock.c).
func (c *TestClock) ProcessIDList(ids []*gst.ClockID) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, id := range ids {
		if i := c.lookup(id); i >= 0 {
			c.processLocked(c.entries[i])
			n++
		}
	}
	return n
}

// NextEntryTime returns the time of the earliest pending ID, or
// ClockTimeNone.
//
// GStreamer: gst_test_clock_get_next_entry_time (libs/gst/check/gsttestclock.c).
func (c *TestClock) NextEntryTime() gst.ClockTime {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) == 0 {
		return gst.ClockTimeNone
	}
	return c.entries[0].id.Time()
}

// IDListGetLatestTime returns the latest time of ids (0 for none).
//
// GStreamer: gst_test_clock_id_list_get_latest_time (libs/gst/check/gsttestclock.c).
func IDListGetLatestTime(ids []*gst.ClockID) gst.ClockTime {
	var latest gst.ClockTime
	for _, id := range ids {
		latest = max(latest, id.Time())
	}
	return latest
}

// Crank waits for a pending ID, advances the clock to its time if that is
// in the future, and releases it. It always reports true.
//
// GStreamer: gst_test_clock_crank (libs/gst/check/gsttestclock.c).
func (c *TestClock) Crank() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	pending := c.waitForNextLocked()
	if t := pending.Time(); t > c.internalTime {
		c.internalTime = t
	}
	c.processNextLocked()
	return true
}

var _ gst.ClockImpl = (*TestClock)(nil)
