package gst

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// timeUnit is TIME_UNIT of tests/check/gst/gstsystemclock.c (there 200 ms).
const timeUnit = 20 * Millisecond

// callbacks records fired async IDs in order.
type callbacks struct {
	mu  sync.Mutex
	ids []*ClockID
	ch  chan *ClockID
}

func newCallbacks() *callbacks { return &callbacks{ch: make(chan *ClockID, 100)} }

func (cb *callbacks) store(_ Clock, _ ClockTime, id *ClockID) bool {
	cb.mu.Lock()
	cb.ids = append(cb.ids, id)
	cb.mu.Unlock()
	cb.ch <- id
	return false
}

func (cb *callbacks) next(t *testing.T) *ClockID {
	t.Helper()
	select {
	case id := <-cb.ch:
		return id
	case <-time.After(5 * time.Second):
		t.Fatal("no async callback within 5 s")
		return nil
	}
}

func errorCallback(t *testing.T) ClockCallback {
	return func(Clock, ClockTime, *ClockID) bool {
		t.Error("callback of an unscheduled ID was called")
		return false
	}
}

// waitUntilClock blocks on a fresh ID until the clock reaches tm.
func waitUntilClock(t *testing.T, c Clock, tm ClockTime) {
	t.Helper()
	if r, _ := c.NewSingleShotID(tm).Wait(); r != ClockOK && r != ClockEarly {
		t.Fatalf("helper wait: %v", r)
	}
}

// test_single_shot.
func TestSystemClockSingleShot(t *testing.T) {
	clockLeakCheck(t)
	c := SystemClockObtain()
	base := c.Time()
	id := c.NewSingleShotID(base + timeUnit)
	r, jitter := id.Wait()
	if r != ClockOK {
		t.Fatalf("Wait = %v, want ok", r)
	}
	if now := c.Time(); now < base+timeUnit {
		t.Fatalf("woke at %v, before %v", now, base+timeUnit)
	}
	if jitter >= 0 || jitter < -ClockTimeDiff(timeUnit) {
		t.Fatalf("jitter %v, want in [-%v, 0)", jitter, timeUnit)
	}
	if r, jitter = id.Wait(); r != ClockEarly || jitter <= 0 {
		t.Fatalf("Wait in the past = %v (jitter %v), want early with jitter > 0", r, jitter)
	}

	// An async wait unscheduled before its time never calls back.
	id = c.NewSingleShotID(base + 5*timeUnit)
	if r := id.WaitAsync(errorCallback(t)); r != ClockOK {
		t.Fatalf("WaitAsync = %v", r)
	}
	id.Unschedule()
	if id.Status() != ClockUnscheduled {
		t.Fatal("status after Unschedule")
	}

	// Two async waits, the later one unscheduled: only the first fires.
	cb := newCallbacks()
	id = c.NewSingleShotID(base + 5*timeUnit)
	id2 := c.NewSingleShotID(base + 6*timeUnit)
	if id.WaitAsync(cb.store) != ClockOK || id2.WaitAsync(errorCallback(t)) != ClockOK {
		t.Fatal("WaitAsync")
	}
	id2.Unschedule()
	if got := cb.next(t); got != id {
		t.Fatal("wrong ID fired")
	}
	if id.Status() != ClockOK {
		t.Fatalf("status after firing = %v, want ok", id.Status())
	}
	waitUntilClock(t, c, base+7*timeUnit) // id2's time has passed without callback
}

// test_periodic_shot.
func TestSystemClockPeriodicShot(t *testing.T) {
	clockLeakCheck(t)
	c := SystemClockObtain()
	base := c.Time()
	id := c.NewPeriodicID(base+timeUnit, timeUnit/2)
	for i := 0; i < 2; i++ {
		if r, _ := id.Wait(); r != ClockOK {
			t.Fatalf("periodic Wait %d = %v", i, r)
		}
	}
	if id.Time() != base+2*timeUnit {
		t.Fatalf("periodic ID time %v, want %v", id.Time(), base+2*timeUnit)
	}
	cb := newCallbacks()
	if r := id.WaitAsync(cb.store); r != ClockOK {
		t.Fatalf("WaitAsync = %v", r)
	}
	cb.next(t)
	cb.next(t) // periodic: fires again an interval later
	id2 := c.NewPeriodicID(base+timeUnit, timeUnit/2)
	cb2 := newCallbacks()
	if r := id2.WaitAsync(cb2.store); r != ClockOK {
		t.Fatalf("WaitAsync id2 = %v", r)
	}
	cb2.next(t)
	id.Unschedule()
	// The entry cannot be used again.
	if r := id.WaitAsync(errorCallback(t)); r != ClockUnscheduled {
		t.Fatalf("WaitAsync after Unschedule = %v", r)
	}
	if r, _ := id.Wait(); r != ClockUnscheduled {
		t.Fatalf("Wait after Unschedule = %v", r)
	}
	id2.Unschedule()
}

// test_async_order.
func TestSystemClockAsyncOrder(t *testing.T) {
	clockLeakCheck(t)
	c := SystemClockObtain()
	base := c.Time()
	cb := newCallbacks()
	id1 := c.NewSingleShotID(base + 2*timeUnit)
	id2 := c.NewSingleShotID(base + 1*timeUnit)
	if id1.WaitAsync(cb.store) != ClockOK || id2.WaitAsync(cb.store) != ClockOK {
		t.Fatal("WaitAsync")
	}
	if cb.next(t) != id2 || cb.next(t) != id1 {
		t.Fatal("callbacks not in time order")
	}
}

// test_async_order_stress_test: every new entry becomes the head.
func TestSystemClockAsyncOrderStress(t *testing.T) {
	clockLeakCheck(t)
	const alarms = 20
	c := SystemClockObtain()
	base := c.Time()
	cb := newCallbacks()
	ids := make([]*ClockID, alarms)
	for i := alarms; i > 0; i-- {
		ids[i-1] = c.NewSingleShotID(base + ClockTime(i)*Millisecond)
		if ids[i-1].WaitAsync(cb.store) != ClockOK {
			t.Fatal("WaitAsync")
		}
	}
	for i := 0; i < alarms; i++ {
		if cb.next(t) != ids[i] {
			t.Fatalf("notification %d out of order", i)
		}
	}
}

// test_async_sync_interaction.
func TestSystemClockAsyncSyncInteraction(t *testing.T) {
	clockLeakCheck(t)
	c := SystemClockObtain()
	for i := 0; i < 10; i++ {
		base := c.Time()
		var mu sync.Mutex
		asyncID := c.NewSingleShotID(base + 40*Millisecond)
		asyncID2 := c.NewSingleShotID(base + 30*Millisecond)
		asyncID3 := c.NewSingleShotID(base + 20*Millisecond)
		syncID2 := c.NewSingleShotID(base + 10*Millisecond)
		syncID := c.NewSingleShotID(base + 50*Millisecond)
		cbf := func(_ Clock, _ ClockTime, id *ClockID) bool {
			mu.Lock()
			defer mu.Unlock()
			if id == asyncID3 {
				syncID.Unschedule()
				asyncID2.Unschedule()
			}
			return false
		}
		if asyncID.WaitAsync(cbf) != ClockOK {
			t.Fatal("WaitAsync")
		}
		if r, _ := syncID2.Wait(); r != ClockOK && r != ClockEarly {
			t.Fatalf("Wait syncID2 = %v", r)
		}
		if asyncID2.WaitAsync(cbf) != ClockOK {
			t.Fatal("WaitAsync 2")
		}
		asyncID.Unschedule()
		if asyncID3.WaitAsync(cbf) != ClockOK {
			t.Fatal("WaitAsync 3")
		}
		// While this sleeps, asyncID3 fires and unschedules it.
		if r, _ := syncID.Wait(); r != ClockUnscheduled && r != ClockEarly {
			t.Fatalf("Wait syncID = %v, want unscheduled", r)
		}
		asyncID3.Unschedule()
	}
}

// test_periodic_multi.
func TestSystemClockPeriodicMulti(t *testing.T) {
	clockLeakCheck(t)
	c := SystemClockObtain()
	base := c.Time()
	id := c.NewPeriodicID(base+timeUnit, timeUnit)
	id.Wait()
	if now := c.Time(); now < base+timeUnit || now >= base+2*timeUnit {
		t.Fatalf("after first wait: %v not in [%v, %v)", now, base+timeUnit, base+2*timeUnit)
	}
	fired := make(chan struct{}, 10)
	asyncID := c.NewPeriodicID(base+timeUnit, timeUnit)
	if r := asyncID.WaitAsync(func(Clock, ClockTime, *ClockID) bool { fired <- struct{}{}; return false }); r != ClockOK {
		t.Fatalf("WaitAsync = %v", r)
	}
	<-fired // base+unit, already passed: fires at once
	for k := ClockTime(2); k <= 3; k++ {
		if r, _ := id.Wait(); r != ClockOK {
			t.Fatalf("Wait = %v", r)
		}
		if now := c.Time(); now < base+k*timeUnit {
			t.Fatalf("woke at %v before %v", now, base+k*timeUnit)
		}
		<-fired // the async periodic fires at the same times
	}
	asyncID.Unschedule()
}

// test_mixed: a blocking wait keeps waiting while async entries fire.
func TestSystemClockMixed(t *testing.T) {
	clockLeakCheck(t)
	c := SystemClockObtain()
	base := c.Time()
	id := c.NewSingleShotID(base + 10*timeUnit)
	periodic := c.NewPeriodicID(base, 2*Millisecond)
	type result struct {
		r ClockReturn
		j ClockTimeDiff
	}
	done := make(chan result)
	go func() { r, j := id.Wait(); done <- result{r, j} }()
	periodic.WaitAsync(func(Clock, ClockTime, *ClockID) bool { return true })
	res := <-done
	if res.r != ClockOK {
		t.Fatalf("blocking wait = %v, want ok", res.r)
	}
	periodic.Unschedule()
}

// test_async_full: slave sampling through a periodic ID on the master,
// unscheduled while its callback runs.
func TestSystemClockAsyncFull(t *testing.T) {
	clockLeakCheck(t)
	master := NewSystemClock("TestClockMaster")
	slave := NewSystemClock("TestClockSlave")
	slave.SetFlags(ClockFlagCanSetMaster)
	slave.SetTimeout(50 * Millisecond)
	started, proceed, finished := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var once sync.Once
	id := master.NewPeriodicID(master.Time(), slave.Timeout())
	id.WaitAsync(func(m Clock, _ ClockTime, _ *ClockID) bool {
		first := false
		once.Do(func() { first = true })
		if !first {
			t.Error("callback ran again after Unschedule")
			return true
		}
		close(started)
		<-proceed
		slave.AddObservation(slave.InternalTime(), m.Time())
		close(finished)
		return true
	})
	<-started
	id.Unschedule()
	close(proceed)
	<-finished
}

func TestSystemClockSetMaster(t *testing.T) {
	clockLeakCheck(t)
	if SystemClockObtain().SetMaster(NewSystemClock("m")) {
		t.Fatal("the default system clock accepted a master")
	}
	master := NewSystemClock("master")
	slave := NewSystemClock("slave")
	slave.SetFlags(ClockFlagCanSetMaster)
	slave.SetTimeout(Millisecond)
	if !slave.SetMaster(master) {
		t.Fatal("SetMaster")
	}
	waitUntilClock(t, master, master.Time()+10*Millisecond)
	if !slave.SetMaster(nil) {
		t.Fatal("SetMaster(nil)")
	}
}

// test_set_default.
func TestSystemClockSetDefault(t *testing.T) {
	static := SystemClockObtain()
	if static == nil || static.Name() != "GstSystemClock" || static.TypeName() != "GstSystemClock" {
		t.Fatal("default system clock")
	}
	if SystemClockObtain() != static {
		t.Fatal("SystemClockObtain is not shared")
	}
	c := NewSystemClock("TestClock")
	SystemClockSetDefault(c)
	if SystemClockObtain() != Clock(c) {
		t.Fatal("SetDefault not honoured")
	}
	SystemClockSetDefault(nil)
	if got := SystemClockObtain(); got == Clock(c) || got == static {
		t.Fatal("SetDefault(nil) did not go back to a fresh system clock")
	}
}

// test_resolution.
func TestSystemClockResolution(t *testing.T) {
	c := SystemClockObtain()
	res := c.Resolution()
	if res == ClockTimeNone {
		t.Fatal("no resolution")
	}
	prev := ClockTimeNone
	for i := 0; i < 100000; i++ {
		now := c.InternalTime()
		if prev != ClockTimeNone {
			if now < prev {
				t.Fatalf("internal time went back: %v < %v", now, prev)
			}
			if d := now - prev; d != 0 && d < res {
				t.Fatalf("step %d below resolution %d", uint64(d), uint64(res))
			}
		}
		prev = now
		if i%1000 == 0 {
			runtime.Gosched()
		}
	}
}

func TestSystemClockUnscheduleBeforeWait(t *testing.T) {
	clockLeakCheck(t)
	c := SystemClockObtain()
	id := c.NewSingleShotID(c.Time() + Second)
	id.Unschedule()
	if r, _ := id.Wait(); r != ClockUnscheduled {
		t.Fatalf("Wait = %v, want unscheduled", r)
	}
	if r := id.WaitAsync(errorCallback(t)); r != ClockUnscheduled {
		t.Fatalf("WaitAsync = %v, want unscheduled", r)
	}
}

func TestSystemClockUnscheduleWakesWaiter(t *testing.T) {
	clockLeakCheck(t)
	c := SystemClockObtain()
	id := c.NewSingleShotID(c.Time() + 100*Second)
	done := make(chan ClockReturn)
	go func() { r, _ := id.Wait(); done <- r }()
	// Unschedule repeatedly until the waiter is woken, whether or not it had
	// started waiting when the first call came.
	for {
		id.Unschedule()
		select {
		case r := <-done:
			if r != ClockUnscheduled {
				t.Fatalf("Wait = %v, want unscheduled", r)
			}
			return
		case <-time.After(time.Millisecond):
		}
	}
}

func TestSystemClockEarly(t *testing.T) {
	c := SystemClockObtain()
	now := c.Time()
	r, jitter := c.NewSingleShotID(now - 10*Millisecond).Wait()
	if r != ClockEarly || jitter < ClockTimeDiff(10*Millisecond) {
		t.Fatalf("Wait in the past = %v jitter %v", r, jitter)
	}
}

// The wait follows the clock's calibration: at rate 2, 10 ms of clock time
// take 5 ms of monotonic time.
func TestSystemClockCalibratedWait(t *testing.T) {
	clockLeakCheck(t)
	c := NewSystemClock("fast")
	internal := c.InternalTime()
	if err := c.SetCalibration(internal, internal, 2, 1); err != nil {
		t.Fatal(err)
	}
	start := c.InternalTime()
	target := c.Time() + 10*Millisecond
	if r, _ := c.NewSingleShotID(target).Wait(); r != ClockOK {
		t.Fatalf("Wait = %v", r)
	}
	if now := c.Time(); now < target {
		t.Fatalf("woke at %v before %v", now, target)
	}
	// At rate 2 the 10 ms of clock time are 5 ms of monotonic time: the
	// scheduler must wait for the unadjusted deadline, not for 10 ms. (How
	// late it wakes is measured by the benchmarks, not asserted here.)
	if deadline := c.UnadjustUnlocked(target); deadline < start+5*Millisecond-Millisecond/10 || deadline > start+5*Millisecond+Millisecond/10 {
		t.Fatalf("internal deadline %v, want %v + 5ms", deadline, start)
	}
	if el := c.InternalTime() - start; el < 5*Millisecond-Millisecond/10 {
		t.Fatalf("woke after %v of monotonic time, before the 5 ms deadline", el)
	}
}

// stress waits and unschedules (test_stress_cleanup_unschedule,
// test_stress_reschedule).
func stressUnschedule(t *testing.T, offMin, offMax ClockTimeDiff, dontUnschedulePositive bool) {
	clockLeakCheck(t)
	c := SystemClockObtain()
	num := runtime.GOMAXPROCS(0) * 6
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := 0; g < num; g++ {
		var mu sync.Mutex
		var cur *ClockID
		unschedule := false
		wg.Add(2)
		go func(seed int) {
			defer wg.Done()
			k := seed
			for {
				select {
				case <-stop:
					return
				default:
				}
				k = (k*1103515245 + 12345) & 0x7fffffff
				off := offMin + ClockTimeDiff(k)%(offMax-offMin)
				mu.Lock()
				unschedule = !dontUnschedulePositive || off < 0
				id := c.NewSingleShotID(ClockTime(int64(c.Time()) + int64(off)))
				cur = id
				mu.Unlock()
				id.Wait()
				mu.Lock()
				cur = nil
				mu.Unlock()
			}
		}(g)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				if cur != nil && unschedule {
					cur.Unschedule()
				}
				mu.Unlock()
				runtime.Gosched()
			}
		}()
	}
	<-time.After(300 * time.Millisecond) // test duration
	close(stop)
	wg.Wait()
}

func TestSystemClockStressCleanupUnschedule(t *testing.T) {
	stressUnschedule(t, -ClockTimeDiff(Millisecond), ClockTimeDiff(Millisecond/10), true)
}

func TestSystemClockStressReschedule(t *testing.T) {
	stressUnschedule(t, 0, ClockTimeDiff(Millisecond), false)
}
