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
// MP4 → HLS, means of 8 to 12 interleaved runs on a loaded 2-core
// machine, 64 KiB segment parts): GOGC=100 22.8 MiB peak RSS / 0.15 s
// CPU, 50 19.5-20.0 MiB / 0.17-0.19 s, 40 18.3 MiB / 0.19 s, 35 18.0-18.3
// MiB / 0.20 s, 25 18.0 MiB / 0.20-0.22 s: below 40 the peak no longer
// drops, since about 12 MiB of it is the binary and the runtime. A memory
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
