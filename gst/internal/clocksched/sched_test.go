package clocksched

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// waitFor blocks until c delivers or the deadline passes.
func waitFor(t *testing.T, c <-chan struct{}, d time.Duration) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(d):
		t.Fatalf("timer did not fire within %v", d)
	}
}

func TestFiresInDeadlineOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    *Scheduler
	}{{"default", New()}, {"timer", newWithWaker(newTimerWaker())}} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s
			defer s.Stop()
			var mu sync.Mutex
			var order []int
			var wg sync.WaitGroup
			const n = 20
			timers := make([]Timer, n)
			start := Now() + int64(5*time.Millisecond)
			// Insert latest first so that every Add is a new head and must re-arm.
			for i := n - 1; i >= 0; i-- {
				i := i
				wg.Add(1)
				timers[i].InitFunc(func() {
					mu.Lock()
					order = append(order, i)
					mu.Unlock()
					wg.Done()
				})
				s.Add(&timers[i], start+int64(i)*int64(200*time.Microsecond))
			}
			wg.Wait()
			for i, v := range order {
				if v != i {
					t.Fatalf("fired order %v, want ascending", order)
				}
			}
			if p := s.Pending(); p != 0 {
				t.Fatalf("Pending = %d after all fired", p)
			}
		})
	}
}

func TestNeverEarly(t *testing.T) {
	s := New()
	defer s.Stop()
	var tm Timer
	c := tm.InitChan()
	for i := 0; i < 50; i++ {
		when := Now() + int64(300*time.Microsecond)
		s.Add(&tm, when)
		waitFor(t, c, time.Second)
		if now := Now(); now < when {
			t.Fatalf("woke %d ns early", when-now)
		}
	}
}

func TestRemove(t *testing.T) {
	s := New()
	defer s.Stop()
	var a, b Timer
	ca := a.InitChan()
	cb := b.InitChan()
	s.Add(&a, Now()+int64(time.Hour))
	s.Add(&b, Now()+int64(2*time.Millisecond))
	if !s.Remove(&a) {
		t.Fatal("Remove of a queued timer reported false")
	}
	if s.Remove(&a) {
		t.Fatal("second Remove reported true")
	}
	waitFor(t, cb, time.Second)
	select {
	case <-ca:
		t.Fatal("removed timer fired")
	default:
	}
	if s.Remove(&b) {
		t.Fatal("Remove of a fired timer reported true")
	}
}

func TestReAddChangesDeadline(t *testing.T) {
	s := New()
	defer s.Stop()
	var tm Timer
	c := tm.InitChan()
	s.Add(&tm, Now()+int64(time.Hour))
	s.Add(&tm, Now()+int64(time.Millisecond))
	if p := s.Pending(); p != 1 {
		t.Fatalf("Pending = %d, want 1", p)
	}
	waitFor(t, c, time.Second)
}

func TestPastDeadlineFiresAtOnce(t *testing.T) {
	s := New()
	defer s.Stop()
	var tm Timer
	c := tm.InitChan()
	s.Add(&tm, Now()-int64(time.Second))
	waitFor(t, c, time.Second)
}

// The goroutine exits by itself once idle for Linger, and restarts on demand.
func TestStopsWhenIdle(t *testing.T) {
	s := New()
	var tm Timer
	c := tm.InitChan()
	s.Add(&tm, Now()+int64(time.Millisecond))
	waitFor(t, c, time.Second)
	s.mu.Lock()
	done := s.done
	s.mu.Unlock()
	select {
	case <-done:
	case <-time.After(10 * Linger * time.Nanosecond):
		t.Fatal("scheduler goroutine still running long after the heap emptied")
	}
	if s.Running() {
		t.Fatal("Running after exit")
	}
	// Restart on demand.
	s.Add(&tm, Now()+int64(time.Millisecond))
	waitFor(t, c, time.Second)
	if s.starts != 2 {
		t.Fatalf("starts = %d, want 2", s.starts)
	}
	s.Stop()
}

// Removing the last far-away timer must not keep the goroutine asleep until
// that deadline.
func TestRemoveLastLetsGoroutineExit(t *testing.T) {
	s := New()
	var tm Timer
	tm.InitChan()
	s.Add(&tm, Now()+int64(time.Hour))
	s.Remove(&tm)
	s.mu.Lock()
	done := s.done
	s.mu.Unlock()
	select {
	case <-done:
	case <-time.After(10 * Linger * time.Nanosecond):
		t.Fatal("scheduler goroutine did not exit after its last timer was removed")
	}
}

func TestConcurrentAddRemove(t *testing.T) {
	s := New()
	defer s.Stop()
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var tm Timer
			c := tm.InitChan()
			for i := 0; i < 200; i++ {
				when := Now() + int64((i%5)*50_000)
				s.Add(&tm, when)
				if (i+g)%3 == 0 {
					if !s.Remove(&tm) {
						<-c // it fired first
					}
					tm.Drain()
					continue
				}
				<-c
				if Now() < when {
					t.Errorf("early wake-up")
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestSummarize(t *testing.T) {
	st := Summarize([]int64{5, 1, 4, 2, 3})
	if st.N != 5 || st.P50 != 3 || st.Max != 5 || st.Mean != 3 {
		t.Fatalf("Summarize = %+v", st)
	}
	if st := Summarize(nil); st.N != 0 {
		t.Fatalf("Summarize(nil) = %+v", st)
	}
}
