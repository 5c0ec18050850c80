//go:build (amd64 || arm64) && !purego

package goid

// current returns the address of the runtime's descriptor (g) of the
// calling goroutine, read from the register or thread-local slot where the
// Go runtime keeps it. It never changes while the goroutine lives and no two
// live goroutines share it; it is not dereferenced.
//
//go:noescape
func current() uintptr

// Token returns a value identifying the calling goroutine among the live
// goroutines. It is cheap (a few nanoseconds, no allocation). A token may
// be reused by a goroutine started after the previous owner exited.
//
// GStreamer: none (g_thread_self, for goroutines).
func Token() uintptr { return current() }
