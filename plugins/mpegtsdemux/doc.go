// Package mpegtsdemux holds the tsdemux element: an MPEG transport stream
// demuxer (push mode) exposing H.264/H.265 video and AAC/MPEG audio
// elementary streams on sometimes pads, with PSI and PES parsing by
// github.com/asticode/go-astits.
//
// GStreamer: the mpegtsdemux plugin (gst/mpegtsdemux, gst-plugins-bad).
package mpegtsdemux
