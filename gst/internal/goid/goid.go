// Package goid identifies the calling goroutine, as g_thread_self
// identifies the calling thread in GLib: recursive stream locks and tasks
// use it to tell whether they are re-entered by their owner.
package goid

import (
	"runtime"
	"strconv"
)

// ID returns the calling goroutine's id as printed in stack traces
// ("goroutine 7 [running]"). It parses runtime.Stack, so it costs about a
// microsecond; use Token on hot paths.
//
// GStreamer: none (Go-only helper).
func ID() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	s := string(buf[:n])
	const p = "goroutine "
	if len(s) < len(p) {
		return 0
	}
	s = s[len(p):]
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	id, _ := strconv.ParseInt(s[:i], 10, 64)
	return id
}
