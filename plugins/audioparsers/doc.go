// Package audioparsers holds the audio parser plugin (GStreamer's
// audioparsers): aacparse, which frames AAC audio, raw (one frame per
// buffer with an AudioSpecificConfig in codec_data) or ADTS (a header per
// frame, frames possibly split across buffers), converts between the two
// according to what downstream accepts, and puts rate, channels, level
// and profile on its output caps.
//
// AudioSpecificConfig and ADTS parsing use
// github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio.
//
//	filesrc location=movie.mp4 ! qtdemux ! aacparse ! audio/mpeg,stream-format=adts ! filesink location=movie.aac
//
// GStreamer: gst/audioparsers (gst-plugins-good).
package audioparsers
