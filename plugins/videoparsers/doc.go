// Package videoparsers holds the video parser plugin (GStreamer's
// videoparsersbad): h264parse, which frames an H.264 elementary stream
// into access units or NAL units, converts between the byte-stream (Annex
// B) and avc/avc3 (length-prefixed, ISO 14496-15) stream formats, and
// puts the stream properties read from the SPS (size, framerate, profile,
// level, chroma format, bit depths, colorimetry) on its output caps.
//
// The output format is negotiated with downstream when the input caps
// arrive: the input format is kept when downstream accepts it, otherwise
// the first format downstream allows is used (byte-stream, au by default).
//
// Bitstream parsing (SPS, Annex B and AVCC framing) is done by
// github.com/bluenviron/mediacommon/v2/pkg/codecs/h264.
//
//	filesrc location=movie.mp4 ! qtdemux ! h264parse ! video/x-h264,stream-format=byte-stream ! filesink location=movie.h264
//
// GStreamer: gst/videoparsers (gst-plugins-bad).
package videoparsers
