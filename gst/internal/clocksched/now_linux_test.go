package clocksched

import (
	"syscall"
	"testing"
	"unsafe"
)

func TestNowIsClockMonotonic(t *testing.T) {
	for i := 0; i < 10; i++ {
		var ts syscall.Timespec
		a := Now()
		syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockMonotonic, uintptr(unsafe.Pointer(&ts)), 0)
		b := Now()
		m := ts.Nano()
		if m < a-20_000 || m > b+20_000 {
			t.Fatalf("CLOCK_MONOTONIC %d outside Now() window [%d, %d]", m, a, b)
		}
	}
}
