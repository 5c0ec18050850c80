// Package fmp4 holds the fragmented MP4 muxers of gst-plugins-rs's
// mux/fmp4 plugin: isofmp4mux (ISO fragmented MP4, any number of
// streams) and cmafmux (CMAF, one stream).
//
// Both are base.Aggregator elements. The first output buffer is the
// initialization segment (ftyp + moov with mvex), flagged HEADER and also
// put in the caps as streamheader; then one buffer per fragment
// (moof + mdat with every stream's samples), each starting on a keyframe
// of the first video stream once fragment-duration has passed, with PTS
// and DTS the fragment's start running time. Boxes are written with
// github.com/Eyevinn/mp4ff.
//
// GStreamer: mux/fmp4 (gst-plugins-rs; mux/isobmff/src/isobmff/fmp4mux in newer trees).
package fmp4
