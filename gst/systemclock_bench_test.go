package gst

import (
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst/internal/clocksched"
)

// Wake-up precision of SystemClock waits: how late Wait returns after the
// requested clock time, p50/p99 in µs. Run with
//
//	go test -run=NONE -bench=SystemClockWakeup -benchtime=1000x ./gst
//
// for 1000 waits 1 ms apart (BenchmarkTimerWakeup measures time.Timer the
// same way), and -benchtime=3x for the 5000-waiter benchmarks.

func reportLateness(b *testing.B, late []int64) {
	st := clocksched.Summarize(late)
	b.ReportMetric(float64(st.P50)/1e3, "p50-µs")
	b.ReportMetric(float64(st.P99)/1e3, "p99-µs")
	b.ReportMetric(float64(st.Max)/1e3, "max-µs")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkSystemClockWakeup(b *testing.B) {
	c := SystemClockObtain()
	late := make([]int64, 0, b.N)
	start := c.Time()
	for i := 0; i < b.N; i++ {
		target := start + ClockTime(i+1)*Millisecond
		id := c.NewSingleShotID(target)
		id.Wait()
		late = append(late, int64(c.Time()-target))
	}
	reportLateness(b, late)
}

func BenchmarkTimerWakeup(b *testing.B) {
	c := SystemClockObtain()
	late := make([]int64, 0, b.N)
	start := c.Time()
	for i := 0; i < b.N; i++ {
		target := start + ClockTime(i+1)*Millisecond
		t := time.NewTimer(time.Duration(target - c.Time()))
		<-t.C
		late = append(late, int64(c.Time()-target))
	}
	reportLateness(b, late)
}

const benchWaiters = 5000

// concurrentWaits: 5000 goroutines each wait once, deadlines 8 µs apart over
// 40 ms (5000 sinks at 25 fps), starting 100 ms after setup.
func concurrentWaits(b *testing.B, wait func(c Clock, target ClockTime)) {
	c := SystemClockObtain()
	late := make([]int64, benchWaiters*b.N)
	for r := 0; r < b.N; r++ {
		var wg sync.WaitGroup
		start := c.Time() + 100*Millisecond
		for i := 0; i < benchWaiters; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				target := start + ClockTime(i)*8*Microsecond
				wait(c, target)
				late[r*benchWaiters+i] = int64(c.Time() - target)
			}(i)
		}
		wg.Wait()
	}
	reportLateness(b, late)
}

func BenchmarkSystemClockConcurrent(b *testing.B) {
	concurrentWaits(b, func(c Clock, target ClockTime) { c.NewSingleShotID(target).Wait() })
}

func BenchmarkTimerConcurrent(b *testing.B) {
	concurrentWaits(b, func(c Clock, target ClockTime) {
		t := time.NewTimer(time.Duration(target - c.Time()))
		<-t.C
	})
}
