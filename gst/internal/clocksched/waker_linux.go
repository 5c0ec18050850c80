//go:build linux

package clocksched

import (
	"syscall"
	"time"
	"unsafe"
)

const (
	clockMonotonic  = 1       // CLOCK_MONOTONIC
	tfdCloexec      = 0x80000 // TFD_CLOEXEC (== O_CLOEXEC)
	tfdTimerAbstime = 1       // TFD_TIMER_ABSTIME
	prSetTimerslack = 29      // PR_SET_TIMERSLACK
)

// monoOffset maps time.Since(base) onto CLOCK_MONOTONIC. Go's monotonic
// clock is CLOCK_MONOTONIC on Linux, so the offset is constant; it is
// measured once around a clock_gettime system call.
var monoOffset = measureMonoOffset()

func measureMonoOffset() int64 {
	best := int64(-1)
	var off int64
	for i := 0; i < 5; i++ {
		var ts syscall.Timespec
		t0 := time.Since(base)
		_, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockMonotonic, uintptr(unsafe.Pointer(&ts)), 0)
		t1 := time.Since(base)
		if e != 0 {
			break
		}
		if span := int64(t1 - t0); best < 0 || span < best {
			best = span
			off = ts.Nano() - int64(t0+t1)/2
		}
	}
	if best < 0 {
		return int64(time.Second)
	}
	return off
}

// lowerTimerSlack sets the calling thread's timer slack to 1 ns, so that the
// kernel does not coalesce its wake-ups (the default slack is 50 µs).
func lowerTimerSlack() {
	syscall.RawSyscall(syscall.SYS_PRCTL, prSetTimerslack, 1, 0)
}

type itimerspec struct {
	interval syscall.Timespec
	value    syscall.Timespec
}

// timerfdWaker sleeps in read(2) on a CLOCK_MONOTONIC timerfd armed with an
// absolute deadline. Re-arming it from another thread moves the wake-up of
// the blocked reader.
type timerfdWaker struct{ fd int }

func newWaker() waker {
	fd, _, e := syscall.RawSyscall(syscall.SYS_TIMERFD_CREATE, clockMonotonic, tfdCloexec, 0)
	if e != 0 {
		return newTimerWaker() // e.g. forbidden by a seccomp filter
	}
	return &timerfdWaker{fd: int(fd)}
}

func (w *timerfdWaker) arm(when int64) {
	if when <= 0 {
		when = 1 // 0 would disarm; 1 ns after boot is in the past: fire now
	}
	its := itimerspec{value: syscall.NsecToTimespec(when)}
	syscall.RawSyscall6(syscall.SYS_TIMERFD_SETTIME, uintptr(w.fd), tfdTimerAbstime,
		uintptr(unsafe.Pointer(&its)), 0, 0, 0)
}

func (w *timerfdWaker) wait() {
	var buf [8]byte
	syscall.Read(w.fd, buf[:]) // EINTR or an expiry: the loop re-checks the heap
}
