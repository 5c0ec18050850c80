// Package mpegtsmux holds the mpegtsmux element: an MPEG transport stream
// muxer built on base.Aggregator, for H.264 video and AAC audio, whose
// output (keyframe-aligned, PAT/PMT before each keyframe, timestamps from
// the running time of the inputs) suits HLS segmenters. The TS layer
// (packets, PES, PSI tables) is written by github.com/asticode/go-astits;
// H.264 and AAC bitstream conversions use github.com/bluenviron/mediacommon.
//
// GStreamer: the mpegtsmux plugin (gst/mpegtsmux, gst-plugins-bad).
package mpegtsmux
