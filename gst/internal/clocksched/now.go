package clocksched

import "time"

// base is the reading of Go's monotonic clock the scheduler counts from.
var base = time.Now()

// Now returns the scheduler's monotonic time in nanoseconds. On Linux it is
// the CLOCK_MONOTONIC reading (time since boot, as clock_gettime returns it),
// elsewhere the time since the process started plus one second. It reads
// Go's vDSO clock, so it costs a few tens of nanoseconds.
func Now() int64 { return int64(time.Since(base)) + monoOffset }
