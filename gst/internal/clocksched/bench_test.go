package clocksched

import (
	"sync"
	"testing"
	"time"
)

// The precision benchmarks measure how late a waiting goroutine runs after
// its deadline: p50/p99 lateness in microseconds. Run with e.g.
//
//	go test -run=NONE -bench=Wakeup -benchtime=1000x ./gst/internal/clocksched
//
// so that each sequential benchmark makes 1000 waits spaced 1 ms apart.

const interval = int64(time.Millisecond)

func report(b *testing.B, late []int64) {
	st := Summarize(late)
	b.ReportMetric(float64(st.P50)/1e3, "p50-µs")
	b.ReportMetric(float64(st.P99)/1e3, "p99-µs")
	b.ReportMetric(float64(st.Max)/1e3, "max-µs")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkWakeupScheduler: one waiter, a deadline every 1 ms, on the shared
// scheduler.
func BenchmarkWakeupScheduler(b *testing.B) {
	s := Default()
	var tm Timer
	c := tm.InitChan()
	late := make([]int64, 0, b.N)
	start := Now()
	for i := 0; i < b.N; i++ {
		when := start + int64(i+1)*interval
		s.Add(&tm, when)
		<-c
		late = append(late, Now()-when)
	}
	report(b, late)
}

// BenchmarkWakeupTimer: the same with a time.Timer per wait.
func BenchmarkWakeupTimer(b *testing.B) {
	late := make([]int64, 0, b.N)
	start := Now()
	t := time.NewTimer(time.Hour)
	for i := 0; i < b.N; i++ {
		when := start + int64(i+1)*interval
		t.Reset(time.Duration(when - Now()))
		<-t.C
		late = append(late, Now()-when)
	}
	report(b, late)
}

const waiters = 5000

// concurrent runs b.N rounds of 5000 goroutines each waiting once for a
// deadline spread over 40 ms (8 µs apart: 5000 sinks at 25 fps), 100 ms after the round starts (setup excluded).
func concurrent(b *testing.B, wait func(when int64)) {
	late := make([]int64, waiters*b.N)
	for r := 0; r < b.N; r++ {
		var wg sync.WaitGroup
		start := Now() + int64(20*time.Millisecond)
		for i := 0; i < waiters; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				when := start + int64(i)*8000
				wait(when)
				late[r*waiters+i] = Now() - when
			}(i)
		}
		wg.Wait()
	}
	report(b, late)
}

func BenchmarkConcurrentScheduler(b *testing.B) {
	s := Default()
	concurrent(b, func(when int64) {
		var tm Timer
		c := tm.InitChan()
		s.Add(&tm, when)
		<-c
	})
}

func BenchmarkConcurrentTimer(b *testing.B) {
	concurrent(b, func(when int64) {
		t := time.NewTimer(time.Duration(when - Now()))
		<-t.C
	})
}

// BenchmarkWakeupSchedulerWaitUntil: one waiter, a deadline every 1 ms,
// with WaitUntil (early fire + spin).
func BenchmarkWakeupWaitUntil(b *testing.B) {
	s := Default()
	var tm Timer
	late := make([]int64, 0, b.N)
	start := Now()
	for i := 0; i < b.N; i++ {
		when := start + int64(i+1)*interval
		s.WaitUntil(&tm, when)
		late = append(late, Now()-when)
	}
	report(b, late)
	b.ReportMetric(float64(s.Margin())/1e3, "margin-µs")
}

func BenchmarkConcurrentWaitUntil(b *testing.B) {
	s := Default()
	concurrent(b, func(when int64) {
		var tm Timer
		s.WaitUntil(&tm, when)
	})
}
