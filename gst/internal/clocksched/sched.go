// Package clocksched is the one timer scheduler behind every pending wait on
// GstMini's system clocks.
//
// A single goroutine, locked to an OS thread with the smallest timer slack,
// keeps a min-heap of absolute monotonic deadlines and sleeps until the
// earliest one with a high-resolution absolute timer (timerfd with
// TFD_TIMER_ABSTIME on Linux, time.Timer elsewhere). Adding an earlier
// deadline re-arms the timer directly from the adding goroutine, so the
// scheduler never has to be woken up to look at the heap. Waiters block on a
// channel or are notified through a function, so thousands of waits cost no
// thread each.
//
// The scheduler goroutine starts on the first Add and exits once the heap has
// been empty for Linger, so nothing is left running when nothing waits (goleak
// checks after a pipeline returns to NULL do not see it).
//
// GStreamer counterpart: the per-entry futex/clock_nanosleep waits and the
// async thread of gst/gstsystemclock.c, which this replaces with one thread
// for all entries.
package clocksched

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Linger is how long the scheduler goroutine stays alive with an empty heap
// before exiting. Keeping it for a short while avoids restarting the goroutine
// (and its OS thread) between the waits of a sink that renders every few
// milliseconds; keeping it short lets leak checkers, which retry for ~400 ms,
// see it gone.
const Linger = 50_000_000 // ns

// Timer is one pending deadline. The zero value is ready for InitChan or
// InitFunc. A Timer is in at most one Scheduler at a time.
type Timer struct {
	when  int64 // absolute deadline, Now() units
	index int   // 1 + position in the heap; 0 when not queued
	c     chan struct{}
	f     func()
	intr  atomic.Bool // set by Signal, cleared by Reset
}

// InitChan makes the timer signal a channel (capacity 1, non-blocking send)
// when it fires, and returns that channel. Calling it again returns the same
// channel. Call it before other goroutines can reach the timer (Signal reads
// the channel without a lock).
func (t *Timer) InitChan() <-chan struct{} {
	if t.c == nil {
		t.c = make(chan struct{}, 1)
	}
	return t.c
}

// InitFunc makes the timer call f on the scheduler goroutine when it fires.
// f must not block: hand slow work to another goroutine.
func (t *Timer) InitFunc(f func()) { t.f = f }

// C returns the channel set up by InitChan, or nil.
func (t *Timer) C() <-chan struct{} { return t.c }

// Signal interrupts a goroutine blocked in WaitUntil (or on the channel) on
// this timer, e.g. on unschedule. It never blocks. The interruption sticks
// until Reset.
func (t *Timer) Signal() {
	t.intr.Store(true)
	t.notify()
}

// Interrupted reports whether Signal was called since the last Reset.
func (t *Timer) Interrupted() bool { return t.intr.Load() }

// Reset clears an interruption and discards a pending wake-up on the
// channel. Call it before reusing the timer for a new wait, while no other
// goroutine can Signal it for the previous one.
func (t *Timer) Reset() {
	t.intr.Store(false)
	t.Drain()
}

// Drain discards a pending wake-up on the timer's channel, if any.
func (t *Timer) Drain() {
	if t.c != nil {
		select {
		case <-t.c:
		default:
		}
	}
}

func (t *Timer) notify() {
	if t.c != nil {
		select {
		case t.c <- struct{}{}:
		default:
		}
	}
}

// When returns the deadline the timer was last added with.
func (t *Timer) When() int64 { return t.when }

func (t *Timer) fire() {
	f := t.f // read before notify: the woken waiter may reuse the timer
	if t.c != nil {
		t.notify()
	}
	if f != nil {
		f()
	}
}

// Scheduler multiplexes timers onto one goroutine. The zero value is not
// usable; use New or Default.
type Scheduler struct {
	mu        sync.Mutex
	heap      []*Timer
	running   bool
	armed     int64 // deadline the waker is armed for; 0 while the loop is awake
	idleSince int64 // when the heap became empty; 0 if not empty
	w         waker
	linger    int64
	fired     []*Timer // loop-only scratch
	starts    int      // number of loop goroutines started (for tests)
	done      chan struct{}
	margin    atomic.Int64 // WaitUntil wakes waiters this much early, ns
	spinners  atomic.Int32 // goroutines spinning in WaitUntil
	queued    atomic.Int32 // len(heap), readable without the lock
}

// busyQueue is the number of queued timers from which WaitUntil no longer
// wakes waiters early to spin.
const busyQueue = 32

var (
	defaultOnce  sync.Once
	defaultSched *Scheduler
)

// Default returns the process-wide scheduler shared by all system clocks.
func Default() *Scheduler {
	defaultOnce.Do(func() { defaultSched = New() })
	return defaultSched
}

// New returns a new scheduler with its own timer. It starts no goroutine.
func New() *Scheduler { return newWithWaker(newWaker()) }

// newWithWaker is for tests that compare wakers.
func newWithWaker(w waker) *Scheduler {
	s := &Scheduler{w: w, linger: Linger}
	s.margin.Store(initialMargin)
	return s
}

// Margin bounds and the starting value, in ns. See WaitUntil.
const (
	initialMargin = 40_000
	minMargin     = 5_000
	maxMargin     = 150_000
)

// WaitUntil blocks the calling goroutine until Now() >= when and reports
// true, or until t.Signal is called and reports false. Safe for concurrent
// use with distinct timers; at most one goroutine waits on a timer.
//
// Precision: the kernel needs some tens of microseconds to wake a sleeping
// thread and the Go runtime some more to run the waiting goroutine. So the
// timer fires Margin early and the waiter spins (yielding the processor) for
// the rest. Margin adapts to the wake-up latency observed by recent waits
// (its 95th percentile), so the spin stays short.
func (s *Scheduler) WaitUntil(t *Timer, when int64) bool {
	c := t.InitChan()
	if t.intr.Load() {
		return false
	}
	fireAt := when - s.margin.Load()
	if s.queued.Load() >= busyQueue {
		fireAt = when // busy: many waiters, no spare processor to spin on
	}
	if fireAt > Now() {
		s.Add(t, fireAt)
		<-c
		if t.intr.Load() {
			s.Remove(t)
			return false
		}
		s.observe(Now() - fireAt)
	}
	if Now() >= when {
		return true
	}
	// Spin only if few others do, so that thousands of simultaneous waiters
	// do not starve the processors: the others sleep again, exactly.
	if s.spinners.Add(1) > int32(maxSpinners) {
		s.spinners.Add(-1)
		s.Add(t, when)
		<-c
		if t.intr.Load() {
			s.Remove(t)
			return false
		}
		return true
	}
	defer s.spinners.Add(-1)
	for Now() < when {
		if t.intr.Load() {
			return false
		}
		runtime.Gosched()
	}
	return true
}

// maxSpinners is how many goroutines may spin in WaitUntil at once.
var maxSpinners = max(1, runtime.GOMAXPROCS(0)/2)

// Margin returns how early WaitUntil currently wakes waiters, in ns.
func (s *Scheduler) Margin() int64 { return s.margin.Load() }

// observe feeds one wake-up latency into the margin: a stochastic estimate
// of its 95th percentile (up by 19 steps when above, down by 1 when below).
func (s *Scheduler) observe(lat int64) {
	const step = 100 // ns
	m := s.margin.Load()
	if lat > m {
		m += 19 * step
	} else {
		m -= step
	}
	m = min(max(m, minMargin), maxMargin)
	s.margin.Store(m)
}

// Add queues t to fire at when (Now() units). If t is already queued, its
// deadline is changed. A deadline in the past fires as soon as possible.
// Safe for concurrent use.
func (s *Scheduler) Add(t *Timer, when int64) {
	s.mu.Lock()
	t.when = when
	if t.index != 0 {
		s.fix(t.index - 1)
	} else {
		s.push(t)
	}
	s.idleSince = 0
	if !s.running {
		s.running = true
		s.starts++
		s.done = make(chan struct{})
		go s.loop(s.done)
	} else if t.index == 1 && s.armed != 0 && when < s.armed {
		// New earliest deadline while the loop sleeps: re-arm directly.
		s.armed = when
		s.w.arm(when)
	}
	s.mu.Unlock()
}

// Remove takes t out of the queue. It reports whether t was queued (false
// means it already fired or was never added). Safe for concurrent use.
func (s *Scheduler) Remove(t *Timer) bool {
	s.mu.Lock()
	if t.index == 0 {
		s.mu.Unlock()
		return false
	}
	s.remove(t.index - 1)
	if len(s.heap) == 0 && s.running {
		now := Now()
		s.idleSince = now
		if s.armed != 0 && s.armed > now+s.linger {
			s.armed = now + s.linger
			s.w.arm(s.armed)
		}
	}
	s.mu.Unlock()
	return true
}

// Pending returns the number of queued timers. Safe for concurrent use.
func (s *Scheduler) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.heap)
}

// Running reports whether the scheduler goroutine is alive.
func (s *Scheduler) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

// Stop makes an idle scheduler goroutine exit now instead of after Linger
// and waits for it. It does nothing if timers are pending. For tests.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	if !s.running || len(s.heap) != 0 {
		s.mu.Unlock()
		return
	}
	done := s.done
	s.idleSince = 1 // long ago
	if s.armed != 0 {
		s.armed = 1
		s.w.arm(1)
	}
	s.mu.Unlock()
	<-done
}

func (s *Scheduler) loop(done chan struct{}) {
	runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
	lowerTimerSlack()
	defer close(done)

	s.mu.Lock()
	for {
		now := Now()
		for len(s.heap) > 0 && s.heap[0].when <= now {
			t := s.heap[0]
			s.remove(0)
			s.fired = append(s.fired, t)
		}
		var next int64
		if len(s.heap) == 0 {
			if s.idleSince == 0 {
				s.idleSince = now
			}
			if len(s.fired) == 0 && now-s.idleSince >= s.linger {
				s.running = false
				s.armed = 0
				s.mu.Unlock()
				return
			}
			next = s.idleSince + s.linger
		} else {
			next = s.heap[0].when
		}
		if len(s.fired) > 0 {
			// Fire outside the lock, then look at the heap again: a fired
			// function may have added timers.
			s.armed = 0
			s.mu.Unlock()
			for i, t := range s.fired {
				t.fire()
				s.fired[i] = nil
			}
			s.fired = s.fired[:0]
			s.mu.Lock()
			continue
		}
		s.armed = next
		s.w.arm(next)
		s.mu.Unlock()
		s.w.wait()
		s.mu.Lock()
		s.armed = 0
	}
}

// heap of timers ordered by when.

func (s *Scheduler) push(t *Timer) {
	s.heap = append(s.heap, t)
	t.index = len(s.heap)
	s.queued.Store(int32(len(s.heap)))
	s.up(len(s.heap) - 1)
}

func (s *Scheduler) remove(i int) {
	h := s.heap
	n := len(h) - 1
	t := h[i]
	if i != n {
		h[i] = h[n]
		h[i].index = i + 1
	}
	h[n] = nil
	s.heap = h[:n]
	s.queued.Store(int32(n))
	t.index = 0
	if i != n {
		s.fix(i)
	}
}

func (s *Scheduler) fix(i int) {
	if !s.down(i) {
		s.up(i)
	}
}

func (s *Scheduler) up(i int) {
	h := s.heap
	for i > 0 {
		p := (i - 1) / 2
		if h[p].when <= h[i].when {
			break
		}
		h[p], h[i] = h[i], h[p]
		h[p].index = p + 1
		h[i].index = i + 1
		i = p
	}
}

func (s *Scheduler) down(i0 int) bool {
	h := s.heap
	n := len(h)
	i := i0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && h[r].when < h[l].when {
			j = r
		}
		if h[i].when <= h[j].when {
			break
		}
		h[i], h[j] = h[j], h[i]
		h[i].index = i + 1
		h[j].index = j + 1
		i = j
	}
	return i > i0
}

// waker sleeps the scheduler goroutine until an absolute deadline. arm may
// be called from any goroutine (always with Scheduler.mu held) to move the
// deadline while wait is blocked.
type waker interface {
	arm(when int64)
	wait()
}
