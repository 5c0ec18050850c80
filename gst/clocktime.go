package gst

import (
	"fmt"
	"math"
	"time"
)

// ClockTime is a time in nanoseconds: a clock reading, a running time, a
// stream time or a buffer timestamp. The value ClockTimeNone (all bits set)
// means "unknown" or "unset".
//
// GStreamer: GstClockTime (gst/gstclock.h).
type ClockTime uint64

// ClockTimeNone is the invalid/unknown ClockTime.
//
// GStreamer: GST_CLOCK_TIME_NONE (gst/gstclock.h).
const ClockTimeNone ClockTime = math.MaxUint64

// Units of ClockTime.
//
// GStreamer: GST_SECOND, GST_MSECOND, GST_USECOND, GST_NSECOND (gst/gstclock.h).
const (
	Nanosecond  ClockTime = 1
	Microsecond ClockTime = 1000 * Nanosecond
	Millisecond ClockTime = 1000 * Microsecond
	Second      ClockTime = 1000 * Millisecond
)

// ClockTimeDiff is a signed difference between two ClockTimes, in nanoseconds.
//
// GStreamer: GstClockTimeDiff (gst/gstclock.h).
type ClockTimeDiff int64

// ClockStimeNone is the invalid/unknown ClockTimeDiff.
//
// GStreamer: GST_CLOCK_STIME_NONE (gst/gstclock.h).
const ClockStimeNone ClockTimeDiff = math.MinInt64

// IsValid reports whether t is not ClockTimeNone.
//
// GStreamer: GST_CLOCK_TIME_IS_VALID (gst/gstclock.h).
func (t ClockTime) IsValid() bool { return t != ClockTimeNone }

// Duration converts t to a time.Duration. ClockTimeNone and values above
// math.MaxInt64 saturate to math.MaxInt64.
//
// GStreamer: none (Go-only helper).
func (t ClockTime) Duration() time.Duration {
	if t > math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(t)
}

// ClockTimeFromDuration converts a non-negative time.Duration to a ClockTime;
// negative durations give 0.
//
// GStreamer: none (Go-only helper).
func ClockTimeFromDuration(d time.Duration) ClockTime {
	if d < 0 {
		return 0
	}
	return ClockTime(d)
}

// String formats t as H:MM:SS.nnnnnnnnn, the GST_TIME_FORMAT form; an invalid
// time prints as 99:99:99.999999999.
//
// GStreamer: GST_TIME_FORMAT / GST_TIME_ARGS (gst/gstclock.h).
func (t ClockTime) String() string {
	if !t.IsValid() {
		return "99:99:99.999999999"
	}
	s := uint64(t)
	return fmt.Sprintf("%d:%02d:%02d.%09d", s/uint64(Second)/3600, (s/uint64(Second)/60)%60,
		(s/uint64(Second))%60, s%uint64(Second))
}

// IsValid reports whether d is not ClockStimeNone.
//
// GStreamer: GST_CLOCK_STIME_IS_VALID (gst/gstclock.h).
func (d ClockTimeDiff) IsValid() bool { return d != ClockStimeNone }

// String formats d as [+-]H:MM:SS.nnnnnnnnn, the GST_STIME_FORMAT form; an
// invalid value prints as +99:99:99.999999999.
//
// GStreamer: GST_STIME_FORMAT / GST_STIME_ARGS (gst/gstclock.h).
func (d ClockTimeDiff) String() string {
	if !d.IsValid() {
		return "+99:99:99.999999999"
	}
	if d < 0 {
		return "-" + ClockTime(-d).String()
	}
	return "+" + ClockTime(d).String()
}

// ClockDiff returns e - s as a signed difference, computed modulo 2^64 like
// the C macro (so ClockDiff(0, ClockTimeNone) is -1).
//
// GStreamer: GST_CLOCK_DIFF (gst/gstclock.h).
func ClockDiff(s, e ClockTime) ClockTimeDiff { return ClockTimeDiff(e - s) }
