// Package isomp4 holds the ISO base media file format plugin: the qtdemux
// element, which splits MP4, MOV, 3GP and fragmented MP4 (CMAF) files into
// their audio and video tracks.
//
// qtdemux works in pull mode when upstream allows random access (a file
// source): it reads the top-level atoms with range reads, so the moov may
// be at the start or at the end, then a task pushes one buffer per sample
// on video_%u and audio_%u pads, always from the track that is furthest
// behind in time. Buffers carry DTS, PTS (DTS plus the ctts composition
// offset), duration, DELTA_UNIT on non-sync samples and DISCONT after a
// start or seek; edit lists become segment start/stop/time as in
// GStreamer. Seeks in TIME (flushing or not, KEY_UNIT with SNAP_BEFORE /
// SNAP_AFTER, SEGMENT seeks that end with SEGMENT_DONE instead of EOS)
// run the task pause/restart dance of the C element.
//
// In push mode (a source without random access) data is collected in an
// adapter; a moov after the mdat is reached with a BYTES seek upstream
// when upstream is seekable, and a TIME seek that upstream refuses
// becomes a BYTES seek to the keyframe before the target (non-fragmented
// files, forward rates). A seek repeating the last seek's seqnum is
// dropped.
//
// Each pad gets a TAG event after its segment: the codec name and, for
// video, the image-orientation of the tkhd matrix (a phone's rotation),
// which mp4mux, cmafmux, isofmp4mux and hlssegmenter's CMAF output write
// back as the tkhd matrix. Errors carry GStreamer's STREAM/DEMUX messages
// and debug texts.
//
// Box parsing is done by github.com/Eyevinn/mp4ff; caps follow what
// GStreamer 1.22's qtdemux emits (codec_data, level, profile, framerate,
// pixel-aspect-ratio, colorimetry for H.264/H.265, AAC level/profile).
//
// GStreamer: gst/isomp4 (gst-plugins-good).
package isomp4
