package main

import "runtime/debug"

// gcPercent is the garbage collector target gstmini runs with when the
// GOGC environment variable is not set (Go's default is 100).
//
// A media pipeline keeps little live data (the buffers in flight, the
// part of an HLS segment being muxed) but allocates fast, so much of its
// peak RSS is garbage waiting for the next collection: with GOGC=100 the
// heap may grow to twice the live data before a collection starts. 35
// lets it grow by a third instead. Measured on bench/hls.sh (60 s 1080p30
// MP4 → HLS, means of 10 interleaved runs, 2 cores): GOGC=100 21.5 MiB
// peak RSS / 0.10 s CPU / 0.08 s wall, 50 19.0 MiB / 0.14 s / 0.12 s, 35
// 17.9 MiB / 0.16 s / 0.12 s, 25 17.7 MiB / 0.16 s / 0.12 s: below 35 the
// peak hardly drops, since about 12 MiB of it is the binary and the
// runtime (gstmini doing nothing peaks at 12 MiB). A memory
// limit (GOMEMLIMIT) makes the collector run nearly continuously in
// pipelines whose live data exceed it, so none is set. Set GOGC (or
// GOMEMLIMIT) to choose another trade-off, e.g. GOGC=100 for the least
// CPU.
const gcPercent = 35

// tuneGC applies gcPercent unless GOGC is set in the environment (the Go
// runtime has then applied it already).
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
