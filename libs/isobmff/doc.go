// Package isobmff holds what GstMini's ISO base media file format muxers
// (mp4mux in plugins/isomp4, cmafmux and isofmp4mux in plugins/fmp4)
// share: turning a sink pad's caps (H.264/H.265 with codec_data, AAC) into
// an mp4ff sample entry and qtmux's default track timescale. Boxes are
// written with github.com/Eyevinn/mp4ff.
//
// GStreamer: none (Go-only library; qtmux keeps the same logic in
// gst/isomp4/gstqtmux.c and atoms.c).
package isobmff
