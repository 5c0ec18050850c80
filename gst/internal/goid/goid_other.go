//go:build (!amd64 && !arm64) || purego

package goid

// Token returns a value identifying the calling goroutine among the live
// goroutines: on this platform its id parsed from runtime.Stack (slow, about
// a microsecond).
//
// GStreamer: none (g_thread_self, for goroutines).
func Token() uintptr { return uintptr(ID()) }
