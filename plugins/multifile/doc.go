// Package multifile holds the multifile plugin: multifilesink, which
// writes buffers to a sequence of files named by a printf-style pattern
// ("frame%05d.jpg"), starting new files per buffer, at discontinuities,
// key frames, force-key-unit events, or size and duration limits, and
// deleting old files beyond max-files.
//
// It is also a storage sink (package libs/storage): a buffer carrying an
// ObjectMeta is written atomically to the named file in the directory of
// location (an object arriving in parts is appended part by part to a
// temporary file renamed at the final part), or deleted, which makes "hlssegmenter ! multifilesink" an HLS
// writer.
//
// GStreamer: gst/multifile (gst-plugins-good).
package multifile
