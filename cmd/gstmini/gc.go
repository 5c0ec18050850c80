package main

import "runtime/debug"

// gcPercent is the garbage collector target gstmini runs with when the
// GOGC environment variable is not set (Go's default is 100).
//
// A media pipeline keeps little live data (the buffers in flight, an HLS
// segment being muxed) but allocates fast, so most of its peak RSS is
// garbage waiting for the next collection: with GOGC=100 the heap may
// grow to twice the live data before a collection starts. 50 lets it grow
// by half instead. Measured on bench/hls.sh (60 s 1080p30 MP4 → HLS, best
// of two runs): GOGC=100 36 MiB peak RSS / 0.12 s CPU, 50 32 MiB / 0.14 s,
// 25 28 MiB / 0.17 s; GOMEMLIMIT=20MiB 25 MiB but 0.20 s of CPU, and a
// memory limit makes the collector run nearly continuously in pipelines
// whose live data exceed it, so none is set. The cost of 50 is about twice
// as many (short) collections; set GOGC (or GOMEMLIMIT) to choose another
// trade-off, e.g. GOGC=100 for the least CPU.
const gcPercent = 50

// tuneGC applies gcPercent unless GOGC is set in the environment (the Go
// runtime has then applied it already).
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
