package gst

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gstmini/gstmini/gst/internal/clocksched"
)

// ClockReturn is the result of a clock wait.
//
// GStreamer: GstClockReturn (gst/gstclock.h).
type ClockReturn int

// The clock wait results, with GStreamer's values.
//
// GStreamer: GST_CLOCK_OK ... GST_CLOCK_DONE (gst/gstclock.h).
const (
	ClockOK          ClockReturn = 0 // the wait reached its time
	ClockEarly       ClockReturn = 1 // the time had already passed when the wait started
	ClockUnscheduled ClockReturn = 2 // the ID was unscheduled
	ClockBusy        ClockReturn = 3 // the ID is being waited on
	ClockBadTime     ClockReturn = 4 // the requested time is ClockTimeNone
	ClockError       ClockReturn = 5 // generic error (e.g. a nil ID)
	ClockUnsupported ClockReturn = 6 // the clock cannot do this operation
	ClockDone        ClockReturn = 7 // the ID is done waiting
)

var clockReturnNames = [...]string{"ok", "early", "unscheduled", "busy", "bad-time", "error", "unsupported", "done"}

// String returns the nick of r ("ok", "early", "unscheduled", "busy",
// "bad-time", "error", "unsupported", "done"), or "unknown".
//
// GStreamer: gst_clock_return_get_name (gst/gstclock.c).
func (r ClockReturn) String() string {
	if r >= 0 && int(r) < len(clockReturnNames) {
		return clockReturnNames[r]
	}
	return "unknown"
}

// ClockEntryType tells single-shot IDs from periodic ones.
//
// GStreamer: GstClockEntryType (gst/gstclock.h).
type ClockEntryType int

// The clock entry types.
//
// GStreamer: GST_CLOCK_ENTRY_SINGLE, GST_CLOCK_ENTRY_PERIODIC (gst/gstclock.h).
const (
	ClockEntrySingle   ClockEntryType = 0 // fires once
	ClockEntryPeriodic ClockEntryType = 1 // fires every interval
)

// String returns "single" or "periodic".
//
// GStreamer: GstClockEntryType value nicks (gst/gstclock.h).
func (t ClockEntryType) String() string {
	switch t {
	case ClockEntrySingle:
		return "single"
	case ClockEntryPeriodic:
		return "periodic"
	}
	return fmt.Sprintf("unknown(%d)", int(t))
}

// ClockFlags are the capabilities of a clock, with GStreamer's values.
//
// GStreamer: GstClockFlags (gst/gstclock.h).
type ClockFlags uint32

// The clock flags.
//
// GStreamer: GST_CLOCK_FLAG_* (gst/gstclock.h).
const (
	ClockFlagCanDoSingleSync    ClockFlags = 1 << 4  // can do a blocking single-shot wait
	ClockFlagCanDoSingleAsync   ClockFlags = 1 << 5  // can do an asynchronous single-shot wait
	ClockFlagCanDoPeriodicSync  ClockFlags = 1 << 6  // can do blocking periodic waits
	ClockFlagCanDoPeriodicAsync ClockFlags = 1 << 7  // can do asynchronous periodic waits
	ClockFlagCanSetResolution   ClockFlags = 1 << 8  // the resolution can be changed
	ClockFlagCanSetMaster       ClockFlags = 1 << 9  // can be slaved to a master clock
	ClockFlagNeedsStartupSync   ClockFlags = 1 << 10 // must be synced before it is usable
	ClockFlagLast               ClockFlags = 1 << 12 // first flag free for subclasses
)

// ClockCallback is called when an asynchronous wait fires, with the clock,
// the time the ID was scheduled for (ClockTimeNone for a bad time) and the
// ID. It runs on a clock goroutine and must not block for long. Its result is
// ignored, as in GStreamer.
//
// GStreamer: GstClockCallback (gst/gstclock.h).
type ClockCallback func(clock Clock, t ClockTime, id *ClockID) bool

// Clock is a source of monotonically increasing time, in nanoseconds, on
// which IDs can be waited. Every Clock embeds ClockBase; a concrete clock
// also implements ClockImpl. All methods are safe for concurrent use.
//
// GStreamer: GstClock (gst/gstclock.h).
type Clock interface {
	Object
	// Time returns the calibrated time of the clock. It never goes back.
	Time() ClockTime
	// InternalTime returns the uncalibrated time of the clock.
	InternalTime() ClockTime
	// Resolution returns the accuracy of the clock, in ns.
	Resolution() ClockTime
	// SetResolution asks for a new accuracy and returns the one in effect.
	SetResolution(r ClockTime) ClockTime
	// NewSingleShotID creates an ID that fires once at t.
	NewSingleShotID(t ClockTime) *ClockID
	// NewPeriodicID creates an ID that fires at start and every interval.
	NewPeriodicID(start, interval ClockTime) *ClockID
	// SetCalibration sets the mapping from internal to external time.
	SetCalibration(internal, external, rateNum, rateDenom ClockTime) error
	// Calibration returns the mapping from internal to external time.
	Calibration() (internal, external, rateNum, rateDenom ClockTime)
	// AdjustUnlocked converts an internal time to clock (external) time.
	AdjustUnlocked(internal ClockTime) ClockTime
	// UnadjustUnlocked converts a clock (external) time to internal time.
	UnadjustUnlocked(external ClockTime) ClockTime
	// SetMaster slaves the clock to master (nil to unslave).
	SetMaster(master Clock) bool
	// Master returns the master clock, or nil.
	Master() Clock
	// AddObservation adds a (slave internal, master) time pair and
	// recalibrates.
	AddObservation(slave, master ClockTime) (ok bool, rSquared float64)
	// AddObservationUnapplied is AddObservation without recalibrating.
	AddObservationUnapplied(slave, master ClockTime) (ok bool, rSquared float64, internal, external, rateNum, rateDenom ClockTime)
	// Timeout returns the sampling interval used when slaved.
	Timeout() ClockTime
	// SetTimeout sets the sampling interval used when slaved.
	SetTimeout(timeout ClockTime)
	// Flags returns the clock's capability flags.
	Flags() ClockFlags
	// IsSynced reports whether the clock is synced (always true without
	// ClockFlagNeedsStartupSync).
	IsSynced() bool
	clock() *ClockBase
}

// ClockImpl is what a concrete clock supplies on top of ClockBase: the
// virtual methods of GstClockClass. InternalTime and Resolution (from
// Clock) must be defined on the concrete type to override ClockBase's
// defaults (0 and 1 ns). WaitID blocks until id's time and returns the
// result and the jitter (clock time when the wait started minus the
// requested time); WaitIDAsync queues id and returns at once, firing
// id.Callback later; UnscheduleID wakes or cancels a wait on id. The ID
// methods meant for implementations are Status, SetStatus,
// CompareAndSwapStatus, Type, Interval, Callback and SetTime.
//
// GStreamer: GstClockClass (gst/gstclock.h).
type ClockImpl interface {
	Clock
	WaitID(id *ClockID) (ClockReturn, ClockTimeDiff)
	WaitIDAsync(id *ClockID) ClockReturn
	UnscheduleID(id *ClockID)
}

// Default values of the clock properties.
//
// GStreamer: DEFAULT_WINDOW_SIZE, DEFAULT_WINDOW_THRESHOLD, DEFAULT_TIMEOUT (gst/gstclock.c).
const (
	DefaultClockWindowSize      = 32
	DefaultClockWindowThreshold = 4
	DefaultClockTimeout         = Second / 10
)

// clockMinWaitTime: waits closer than this are not slept.
const clockMinWaitTime = 100 // ns, CLOCK_MIN_WAIT_TIME in gstsystemclock.c

// ClockID is a request to wait on a clock for a time, once or periodically.
// One goroutine at a time may wait on an ID; Unschedule may be called from
// any goroutine.
//
// GStreamer: GstClockID / GstClockEntry (gst/gstclock.h).
type ClockID struct {
	clock    ClockImpl
	time     atomic.Uint64
	interval ClockTime
	typ      ClockEntryType
	status   atomic.Int32
	fn       ClockCallback

	// system clock machinery
	timer      clocksched.Timer
	asyncFn    func()
	asyncEarly bool
}

// Time returns the time the ID fires at next (ns, clock time).
//
// GStreamer: gst_clock_id_get_time (gst/gstclock.c).
func (id *ClockID) Time() ClockTime {
	if id == nil {
		return ClockTimeNone
	}
	return ClockTime(id.time.Load())
}

// SetTime changes the ID's time. For clock implementations (e.g. to advance a
// periodic ID after firing it asynchronously).
//
// GStreamer: GST_CLOCK_ENTRY_TIME as an lvalue (gst/gstclock.h).
func (id *ClockID) SetTime(t ClockTime) { id.time.Store(uint64(t)) }

// Interval returns the period of a periodic ID, ClockTimeNone for a
// single-shot one.
//
// GStreamer: GST_CLOCK_ENTRY_INTERVAL (gst/gstclock.h).
func (id *ClockID) Interval() ClockTime { return id.interval }

// Type returns whether the ID is single-shot or periodic.
//
// GStreamer: GST_CLOCK_ENTRY_TYPE (gst/gstclock.h).
func (id *ClockID) Type() ClockEntryType { return id.typ }

// Status returns the ID's state: ClockOK when new, ClockBusy while waited
// on, the last wait result, or ClockUnscheduled once unscheduled.
//
// GStreamer: GST_CLOCK_ENTRY_STATUS (gst/gstclock.h).
func (id *ClockID) Status() ClockReturn { return ClockReturn(id.status.Load()) }

// SetStatus sets the ID's state. For clock implementations.
//
// GStreamer: GST_CLOCK_ENTRY_STATUS as an lvalue (gst/gstclock.h).
func (id *ClockID) SetStatus(r ClockReturn) { id.status.Store(int32(r)) }

// CompareAndSwapStatus sets the state to nw if it is old, reporting whether it
// did. For clock implementations.
//
// GStreamer: none (Go-only helper; C guards the status with a lock).
func (id *ClockID) CompareAndSwapStatus(old, nw ClockReturn) bool {
	return id.status.CompareAndSwap(int32(old), int32(nw))
}

// Callback returns the function given to the last WaitAsync, or nil.
//
// GStreamer: GstClockEntry.func (gst/gstclock.h).
func (id *ClockID) Callback() ClockCallback { return id.fn }

// Clock returns the clock the ID was made by.
//
// GStreamer: gst_clock_id_get_clock (gst/gstclock.c).
func (id *ClockID) Clock() Clock {
	if id == nil || id.clock == nil {
		return nil
	}
	return id.clock
}

// UsesClock reports whether the ID was made by c.
//
// GStreamer: gst_clock_id_uses_clock (gst/gstclock.c).
func (id *ClockID) UsesClock(c Clock) bool {
	return id != nil && c != nil && id.clock != nil && id.clock.clock() == c.clock()
}

// Compare orders IDs by time: -1 if id fires before other, 1 if after, 0 if
// at the same time.
//
// GStreamer: gst_clock_id_compare_func (gst/gstclock.c).
func (id *ClockID) Compare(other *ClockID) int {
	a, b := id.Time(), other.Time()
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	}
	return 0
}

// Wait blocks until the clock reaches the ID's time. It returns ClockOK after
// waking on time, ClockEarly if the time had already passed, ClockUnscheduled
// if the ID was (or gets) unscheduled, ClockBadTime for ClockTimeNone,
// ClockError for a nil ID. jitter is the clock time when the wait started
// minus the requested time: negative when the wait had to sleep, positive
// when late. A periodic ID advances by its interval after each wait.
//
// GStreamer: gst_clock_id_wait (gst/gstclock.c).
func (id *ClockID) Wait() (ClockReturn, ClockTimeDiff) {
	if id == nil || id.clock == nil {
		return ClockError, 0
	}
	requested := id.Time()
	if !requested.IsValid() {
		return ClockBadTime, 0
	}
	res, jitter := id.clock.WaitID(id)
	if id.typ == ClockEntryPeriodic {
		id.time.Store(uint64(requested + id.interval))
	}
	return res, jitter
}

// WaitAsync registers fn to be called when the clock reaches the ID's time
// (and, for a periodic ID, every interval after) and returns at once:
// ClockOK when queued, ClockUnscheduled if the ID was unscheduled, ClockBadTime
// (after calling fn with ClockTimeNone) for an invalid time, ClockError for a
// nil ID or fn.
//
// GStreamer: gst_clock_id_wait_async (gst/gstclock.c).
func (id *ClockID) WaitAsync(fn ClockCallback) ClockReturn {
	if id == nil || id.clock == nil || fn == nil {
		return ClockError
	}
	if !id.Time().IsValid() {
		fn(id.clock, ClockTimeNone, id)
		return ClockBadTime
	}
	id.fn = fn
	return id.clock.WaitIDAsync(id)
}

// Unschedule cancels the ID: a blocked Wait returns ClockUnscheduled, a
// pending callback is not called, and any later wait returns
// ClockUnscheduled.
//
// GStreamer: gst_clock_id_unschedule (gst/gstclock.c).
func (id *ClockID) Unschedule() {
	if id == nil || id.clock == nil {
		return
	}
	id.clock.UnscheduleID(id)
}

// calibration is an immutable snapshot, swapped atomically.
type calibration struct {
	internal, external, num, denom ClockTime
}

// ClockBase implements the generic part of Clock: calibration, master/slave
// sampling, ID creation and properties. Embed it in a concrete clock, call
// InitClock from the constructor, and implement ClockImpl.
//
// GStreamer: GstClock (gst/gstclock.c).
type ClockBase struct {
	ObjectBase
	impl ClockImpl

	cal      atomic.Pointer[calibration]
	lastTime atomic.Uint64

	mu         sync.Mutex // flags, master, synced, resolution
	syncCond   sync.Cond
	flags      ClockFlags
	master     Clock
	synced     bool
	resolution ClockTime

	slaveMu         sync.Mutex // observation window, timeout, sampling ID
	filling         bool
	windowSize      int
	windowThreshold int
	timeIndex       int
	timeout         ClockTime
	times           []ClockTime
	timesTemp       []ClockTime
	slaveID         *ClockID
}

var defaultCalibration = &calibration{0, 0, 1, 1}

// InitClock binds the base to its concrete clock impl (the value that embeds
// it) and sets the defaults: identity calibration, window-size 32,
// window-threshold 4, timeout 100 ms. Call it once, before use.
//
// GStreamer: gst_clock_init (gst/gstclock.c).
func (c *ClockBase) InitClock(impl ClockImpl) {
	c.impl = impl
	c.cal.Store(defaultCalibration)
	c.syncCond.L = &c.mu
	c.slaveMu.Lock()
	c.windowSize = DefaultClockWindowSize
	c.windowThreshold = DefaultClockWindowThreshold
	c.timeout = DefaultClockTimeout
	c.filling = true
	c.times = make([]ClockTime, 4*c.windowSize)
	c.timesTemp = c.times[2*c.windowSize:]
	c.slaveMu.Unlock()
}

func (c *ClockBase) clock() *ClockBase { return c }

func (c *ClockBase) calib() *calibration {
	if p := c.cal.Load(); p != nil {
		return p
	}
	return defaultCalibration
}

// InternalTime is the default internal time: 0 (the clock cannot tell time).
// Concrete clocks define their own.
//
// GStreamer: gst_clock_get_internal_time (gst/gstclock.c).
func (c *ClockBase) InternalTime() ClockTime { return 0 }

// Resolution is the default resolution, 1 ns. Concrete clocks may define
// their own.
//
// GStreamer: gst_clock_get_resolution (gst/gstclock.c).
func (c *ClockBase) Resolution() ClockTime { return 1 }

// SetResolution asks for a new resolution (ns); if the concrete clock has a
// ChangeResolution(old, new ClockTime) ClockTime method it decides, otherwise
// nothing changes. It returns the stored resolution (0 when never set, or
// for r == 0).
//
// GStreamer: gst_clock_set_resolution (gst/gstclock.c).
func (c *ClockBase) SetResolution(r ClockTime) ClockTime {
	if r == 0 {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cr, ok := c.impl.(interface {
		ChangeResolution(old, new ClockTime) ClockTime
	}); ok {
		c.resolution = cr.ChangeResolution(c.resolution, r)
	}
	return c.resolution
}

// Time returns the current clock time: the internal time adjusted by the
// calibration. It never returns less than a previous call did. Safe for
// concurrent use; does not allocate.
//
// GStreamer: gst_clock_get_time (gst/gstclock.c).
func (c *ClockBase) Time() ClockTime {
	return c.AdjustUnlocked(c.impl.InternalTime())
}

// AdjustUnlocked converts an internal time to clock time with the current
// calibration, never returning less than the last returned clock time. (In
// C the caller holds the object lock; here the calibration is read
// atomically.)
//
// GStreamer: gst_clock_adjust_unlocked (gst/gstclock.c).
func (c *ClockBase) AdjustUnlocked(internal ClockTime) ClockTime {
	k := c.calib()
	ret := AdjustWithCalibration(internal, k.internal, k.external, k.num, k.denom)
	for {
		last := c.lastTime.Load()
		if uint64(ret) <= last {
			return ClockTime(last)
		}
		if c.lastTime.CompareAndSwap(last, uint64(ret)) {
			return ret
		}
	}
}

// UnadjustUnlocked converts a clock time to internal time with the current
// calibration.
//
// GStreamer: gst_clock_unadjust_unlocked (gst/gstclock.c).
func (c *ClockBase) UnadjustUnlocked(external ClockTime) ClockTime {
	k := c.calib()
	return UnadjustWithCalibration(external, k.internal, k.external, k.num, k.denom)
}

// AdjustWithCalibration returns (internal − cinternal)·num/denom + cexternal,
// computed without overflow; when internal < cinternal the result is
// cexternal − (cinternal − internal)·num/denom, clamped at 0. A zero denom
// means rate 1/1.
//
// GStreamer: gst_clock_adjust_with_calibration (gst/gstclock.c).
func AdjustWithCalibration(internal, cinternal, cexternal, num, denom ClockTime) ClockTime {
	if denom == 0 {
		num, denom = 1, 1
	}
	if internal >= cinternal {
		return clockScale(uint64(internal-cinternal), uint64(num), uint64(denom), 0) + cexternal
	}
	d := clockScale(uint64(cinternal-internal), uint64(num), uint64(denom), 0)
	if cexternal > d {
		return cexternal - d
	}
	return 0
}

// UnadjustWithCalibration is the inverse of AdjustWithCalibration:
// (external − cexternal)·denom/num + cinternal, clamped at 0. A zero num
// means rate 1/1.
//
// GStreamer: gst_clock_unadjust_with_calibration (gst/gstclock.c).
func UnadjustWithCalibration(external, cinternal, cexternal, num, denom ClockTime) ClockTime {
	if num == 0 {
		num, denom = 1, 1
	}
	if external >= cexternal {
		return clockScale(uint64(external-cexternal), uint64(denom), uint64(num), 0) + cinternal
	}
	d := clockScale(uint64(cexternal-external), uint64(denom), uint64(num), 0)
	if cinternal > d {
		return cinternal - d
	}
	return 0
}

// Errors of SetCalibration.
var errBadCalibration = errors.New("gst: bad clock calibration")

// SetCalibration sets the mapping from internal to clock time:
// time = (internal_now − internal)·rateNum/rateDenom + external. It returns
// an error (and changes nothing) if internal or external is ClockTimeNone,
// rateNum is ClockTimeNone, or rateDenom is 0 or ClockTimeNone.
//
// GStreamer: gst_clock_set_calibration (gst/gstclock.c).
func (c *ClockBase) SetCalibration(internal, external, rateNum, rateDenom ClockTime) error {
	switch {
	case !internal.IsValid(), !external.IsValid():
		return fmt.Errorf("%w: internal %v / external %v must be valid times", errBadCalibration, internal, external)
	case rateNum == ClockTimeNone, rateDenom == 0, rateDenom == ClockTimeNone:
		return fmt.Errorf("%w: rate %d/%d", errBadCalibration, uint64(rateNum), uint64(rateDenom))
	}
	c.cal.Store(&calibration{internal, external, rateNum, rateDenom})
	return nil
}

// Calibration returns the mapping set by SetCalibration (0, 0, 1, 1 by
// default).
//
// GStreamer: gst_clock_get_calibration (gst/gstclock.c).
func (c *ClockBase) Calibration() (internal, external, rateNum, rateDenom ClockTime) {
	k := c.calib()
	return k.internal, k.external, k.num, k.denom
}

// NewSingleShotID returns an ID that fires once at t (clock time, ns). An ID
// for ClockTimeNone is returned too; waiting on it gives ClockBadTime.
//
// GStreamer: gst_clock_new_single_shot_id (gst/gstclock.c).
func (c *ClockBase) NewSingleShotID(t ClockTime) *ClockID {
	id := &ClockID{clock: c.impl, interval: ClockTimeNone, typ: ClockEntrySingle}
	id.time.Store(uint64(t))
	return id
}

// NewPeriodicID returns an ID that fires at start and then every interval
// (ns). It returns nil if interval is 0 or ClockTimeNone.
//
// GStreamer: gst_clock_new_periodic_id (gst/gstclock.c).
func (c *ClockBase) NewPeriodicID(start, interval ClockTime) *ClockID {
	if interval == 0 || !interval.IsValid() {
		return nil
	}
	id := &ClockID{clock: c.impl, interval: interval, typ: ClockEntryPeriodic}
	id.time.Store(uint64(start))
	return id
}

// SingleShotIDReinit reuses id (made by this clock, not being waited on) as a
// single-shot ID for t, clearing its status. It reports false if t is
// invalid, id is busy or belongs to another clock.
//
// GStreamer: gst_clock_single_shot_id_reinit (gst/gstclock.c).
func (c *ClockBase) SingleShotIDReinit(id *ClockID, t ClockTime) bool {
	if !t.IsValid() {
		return false
	}
	return c.reinit(id, t, ClockTimeNone, ClockEntrySingle)
}

// PeriodicIDReinit reuses id as a periodic ID, like SingleShotIDReinit.
//
// GStreamer: gst_clock_periodic_id_reinit (gst/gstclock.c).
func (c *ClockBase) PeriodicIDReinit(id *ClockID, start, interval ClockTime) bool {
	if !start.IsValid() || !interval.IsValid() || interval == 0 {
		return false
	}
	return c.reinit(id, start, interval, ClockEntryPeriodic)
}

func (c *ClockBase) reinit(id *ClockID, t, interval ClockTime, typ ClockEntryType) bool {
	if id == nil || id.Status() == ClockBusy || id.clock == nil || id.clock.clock() != c {
		return false
	}
	id.typ = typ
	id.time.Store(uint64(t))
	id.interval = interval
	id.status.Store(int32(ClockOK))
	id.timer.Reset()
	return true
}

// Flags returns the clock's flags.
//
// GStreamer: GST_OBJECT_FLAGS (gst/gstobject.h).
func (c *ClockBase) Flags() ClockFlags {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flags
}

// SetFlags sets the given flags.
//
// GStreamer: GST_OBJECT_FLAG_SET (gst/gstobject.h).
func (c *ClockBase) SetFlags(f ClockFlags) {
	c.mu.Lock()
	c.flags |= f
	c.mu.Unlock()
}

// UnsetFlags clears the given flags.
//
// GStreamer: GST_OBJECT_FLAG_UNSET (gst/gstobject.h).
func (c *ClockBase) UnsetFlags(f ClockFlags) {
	c.mu.Lock()
	c.flags &^= f
	c.mu.Unlock()
}

// IsSynced reports whether the clock is synced. Clocks without
// ClockFlagNeedsStartupSync are always synced.
//
// GStreamer: gst_clock_is_synced (gst/gstclock.c).
func (c *ClockBase) IsSynced() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flags&ClockFlagNeedsStartupSync == 0 || c.synced
}

// SetSynced marks a clock with ClockFlagNeedsStartupSync as synced (or not)
// and wakes WaitForSync. It does nothing on other clocks.
//
// GStreamer: gst_clock_set_synced (gst/gstclock.c).
func (c *ClockBase) SetSynced(synced bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flags&ClockFlagNeedsStartupSync == 0 {
		return
	}
	if c.synced != synced {
		c.synced = synced
		c.syncCond.Broadcast()
	}
}

// WaitForSync blocks until the clock is synced or timeout (ns;
// ClockTimeNone waits forever) passes, reporting whether it is synced.
//
// GStreamer: gst_clock_wait_for_sync (gst/gstclock.c).
func (c *ClockBase) WaitForSync(timeout ClockTime) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flags&ClockFlagNeedsStartupSync == 0 || c.synced {
		return true
	}
	if timeout.IsValid() {
		expired := false
		t := time.AfterFunc(timeout.Duration(), func() {
			c.mu.Lock()
			expired = true
			c.syncCond.Broadcast()
			c.mu.Unlock()
		})
		defer t.Stop()
		for !c.synced && !expired {
			c.syncCond.Wait()
		}
		return c.synced
	}
	for !c.synced {
		c.syncCond.Wait()
	}
	return true
}

// SetMaster slaves the clock to master: every Timeout the clock samples its
// internal time against master.Time and recalibrates itself by linear
// regression (AddObservation). nil unslaves. It reports false if master is
// the clock itself, the clock lacks ClockFlagCanSetMaster, is the default
// system clock, or master is not synced.
//
// GStreamer: gst_clock_set_master (gst/gstclock.c).
func (c *ClockBase) SetMaster(master Clock) bool {
	if master != nil && master.clock() == c {
		return false
	}
	if master != nil {
		if c.Flags()&ClockFlagCanSetMaster == 0 || isDefaultSystemClock(c) || !master.IsSynced() {
			return false
		}
	}
	c.slaveMu.Lock()
	if c.slaveID != nil {
		c.slaveID.Unschedule()
		c.slaveID = nil
	}
	if master != nil {
		c.filling = true
		c.timeIndex = 0
		c.slaveID = master.NewPeriodicID(master.Time(), c.timeout)
		if c.slaveID != nil {
			c.slaveID.WaitAsync(c.slaveCallback)
		}
	}
	c.slaveMu.Unlock()
	c.mu.Lock()
	c.master = master
	c.mu.Unlock()
	return true
}

// slaveCallback samples master and slave time.
//
// GStreamer: gst_clock_slave_callback (gst/gstclock.c).
func (c *ClockBase) slaveCallback(master Clock, _ ClockTime, _ *ClockID) bool {
	if !c.IsSynced() {
		return true
	}
	stime := c.impl.InternalTime()
	mtime := master.Time()
	c.AddObservation(stime, mtime)
	return true
}

// Master returns the clock this one is slaved to, or nil.
//
// GStreamer: gst_clock_get_master (gst/gstclock.c).
func (c *ClockBase) Master() Clock {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.master
}

// AddObservation records that the clock's internal time slave corresponds to
// master time master. Once window-threshold observations exist it computes a
// linear regression over the window and, if that succeeds, applies it with
// SetCalibration. It reports whether it did and the regression's R².
//
// GStreamer: gst_clock_add_observation (gst/gstclock.c).
func (c *ClockBase) AddObservation(slave, master ClockTime) (ok bool, rSquared float64) {
	ok, rSquared, internal, external, num, denom := c.AddObservationUnapplied(slave, master)
	if !ok {
		return false, rSquared
	}
	if c.SetCalibration(internal, external, num, denom) != nil {
		return false, rSquared
	}
	return true, rSquared
}

// AddObservationUnapplied is AddObservation without applying the result: it
// returns the calibration (internal, external, rateNum, rateDenom) the
// regression gives. ok is false while the window fills below
// window-threshold, when the regression fails, or for invalid times.
//
// GStreamer: gst_clock_add_observation_unapplied (gst/gstclock.c).
func (c *ClockBase) AddObservationUnapplied(slave, master ClockTime) (ok bool, rSquared float64, internal, external, rateNum, rateDenom ClockTime) {
	if !slave.IsValid() || !master.IsValid() {
		return
	}
	c.slaveMu.Lock()
	defer c.slaveMu.Unlock()
	c.times[2*c.timeIndex] = slave
	c.times[2*c.timeIndex+1] = master
	c.timeIndex++
	if c.timeIndex == c.windowSize {
		c.filling = false
		c.timeIndex = 0
	}
	if c.filling && c.timeIndex < c.windowThreshold {
		return
	}
	n := c.windowSize
	if c.filling {
		n = c.timeIndex
	}
	var b, xbase ClockTime
	ok, rateNum, rateDenom, b, xbase, rSquared = clockLinearRegression(c.times, c.timesTemp, n)
	if !ok {
		return false, rSquared, 0, 0, 0, 0
	}
	return true, rSquared, xbase, b, rateNum, rateDenom
}

// Timeout returns the interval (ns) at which a slaved clock samples its
// master (property "timeout", default 100 ms).
//
// GStreamer: gst_clock_get_timeout (gst/gstclock.c).
func (c *ClockBase) Timeout() ClockTime {
	c.slaveMu.Lock()
	defer c.slaveMu.Unlock()
	return c.timeout
}

// SetTimeout sets the sampling interval (ns) used by the next SetMaster.
//
// GStreamer: gst_clock_set_timeout (gst/gstclock.c).
func (c *ClockBase) SetTimeout(timeout ClockTime) {
	c.slaveMu.Lock()
	c.timeout = timeout
	c.slaveMu.Unlock()
}

// WindowSize returns the number of observations the regression uses
// (property "window-size", default 32).
//
// GStreamer: GstClock:window-size (gst/gstclock.c).
func (c *ClockBase) WindowSize() int {
	c.slaveMu.Lock()
	defer c.slaveMu.Unlock()
	return c.windowSize
}

// SetWindowSize sets window-size (2..1024), clamps window-threshold to it and
// restarts calibration. It returns an error for an out-of-range size.
//
// GStreamer: GstClock:window-size (gst/gstclock.c).
func (c *ClockBase) SetWindowSize(n int) error {
	if n < 2 || n > 1024 {
		return fmt.Errorf("gst: clock window-size %d out of range 2..1024", n)
	}
	c.slaveMu.Lock()
	defer c.slaveMu.Unlock()
	c.windowSize = n
	c.windowThreshold = min(c.windowThreshold, n)
	c.times = make([]ClockTime, 4*n)
	c.timesTemp = c.times[2*n:]
	c.filling = true
	c.timeIndex = 0
	return nil
}

// WindowThreshold returns the number of observations needed before the
// first regression (property "window-threshold", default 4).
//
// GStreamer: GstClock:window-threshold (gst/gstclock.c).
func (c *ClockBase) WindowThreshold() int {
	c.slaveMu.Lock()
	defer c.slaveMu.Unlock()
	return c.windowThreshold
}

// SetWindowThreshold sets window-threshold (2..1024, clamped to
// window-size). It returns an error for an out-of-range value.
//
// GStreamer: GstClock:window-threshold (gst/gstclock.c).
func (c *ClockBase) SetWindowThreshold(n int) error {
	if n < 2 || n > 1024 {
		return fmt.Errorf("gst: clock window-threshold %d out of range 2..1024", n)
	}
	c.slaveMu.Lock()
	c.windowThreshold = min(n, c.windowSize)
	c.slaveMu.Unlock()
	return nil
}

// clockScale returns val·num/denom (+correct/denom) with a 128-bit
// intermediate, math.MaxUint64 on overflow or for denom 0.
//
// GStreamer: _gst_util_uint64_scale (gst/gstutils.c).
func clockScale(val, num, denom, correct uint64) ClockTime {
	if denom == 0 {
		return ClockTime(math.MaxUint64)
	}
	if num == 0 {
		return 0
	}
	if num == denom {
		return ClockTime(val)
	}
	hi, lo := bits.Mul64(val, num)
	var carry uint64
	lo, carry = bits.Add64(lo, correct, 0)
	hi += carry
	if hi >= denom {
		return ClockTime(math.MaxUint64)
	}
	q, _ := bits.Div64(hi, lo, denom)
	return ClockTime(q)
}

// clockLinearRegression fits y = num/denom·(x − xbase) + b through the n
// (x, y) pairs in xy by least squares, in integers, dropping precision when
// the sums would overflow. temp needs 2n entries.
//
// GStreamer: gst_calculate_linear_regression (gst/gstutils.c).
func clockLinearRegression(xy, temp []ClockTime, n int) (ok bool, mNum, mDenom, b, xbase ClockTime, rSquared float64) {
	if n <= 0 || len(xy) < 2*n {
		return
	}
	if len(temp) < 2*n {
		temp = make([]ClockTime, 2*n)
	}
	xmin, ymin := uint64(math.MaxUint64), uint64(math.MaxUint64)
	var xmax, ymax uint64
	for i := 0; i < n; i++ {
		x, y := uint64(xy[2*i]), uint64(xy[2*i+1])
		xmin, ymin = min(xmin, x), min(ymin, y)
		xmax, ymax = max(xmax, x), max(ymax, y)
	}
	for i := 0; i < n; i++ {
		temp[2*i] = xy[2*i] - ClockTime(xmin)
		temp[2*i+1] = xy[2*i+1] - ClockTime(ymin)
	}
	var xbar, ybar uint64
	for i := 0; i < n; i++ {
		nx, ny := uint64(temp[2*i]), uint64(temp[2*i+1])
		if (nx > 0 && math.MaxUint64-xbar <= nx) || (ny > 0 && math.MaxUint64-ybar <= ny) {
			return // overflow
		}
		xbar += nx
		ybar += ny
	}
	xbar /= uint64(n)
	ybar /= uint64(n)

	pshift := 0
	if maxBits := bits.Len64(max(1, max(xmax-xmin, ymax-ymin))); maxBits > 31 {
		pshift = maxBits - 31
	}
	var sxx, syy, sxy int64
	// accumulate adds tmp to *s, or drops precision and reports false.
	accumulate := func(s *int64, tmp int64) bool {
		if tmp > 0 && *s > 0 && math.MaxInt64-*s <= tmp {
			for {
				pshift++
				*s /= 4
				tmp /= 4
				if !(math.MaxInt64-*s <= tmp) {
					break
				}
			}
			return false
		}
		if tmp < 0 && *s < 0 && math.MinInt64-*s >= tmp {
			for {
				pshift++
				*s /= 4
				tmp /= 4
				if !(math.MinInt64-*s >= tmp) {
					break
				}
			}
			return false
		}
		*s += tmp
		return true
	}
	for done := false; !done; {
		xbar4, ybar4 := xbar>>pshift, ybar>>pshift
		sxx, syy, sxy = 0, 0, 0
		done = true
		for i := 0; i < n; i++ {
			nx4, ny4 := uint64(temp[2*i])>>pshift, uint64(temp[2*i+1])>>pshift
			if !accumulate(&sxx, int64((nx4+xbar4)*(nx4-xbar4))) ||
				!accumulate(&syy, int64(ny4*ny4-ybar4*ybar4)) ||
				!accumulate(&sxy, int64(nx4*ny4-xbar4*ybar4)) {
				done = false
				break
			}
		}
	}
	if sxx == 0 {
		return
	}
	mNum, mDenom = ClockTime(sxy), ClockTime(sxx)
	b = ClockTime(ymin+ybar) - clockScale(xbar, uint64(mNum), uint64(mDenom), uint64(mDenom)>>1)
	xbase = ClockTime(xmax)
	b += clockScale(xmax-xmin, uint64(mNum), uint64(mDenom), uint64(mDenom)>>1)
	rSquared = (float64(sxy) * float64(sxy)) / (float64(sxx) * float64(syy))
	return true, mNum, mDenom, b, xbase, rSquared
}
