package mpegtsdemux

import "github.com/gstmini/gstmini/gst"

// Register adds the elements of the mpegtsdemux plugin (tsdemux) to r.
//
// GStreamer: plugin_init (gst/mpegtsdemux/gsttsdemux.c, gst-plugins-bad).
func Register(r *gst.Registry) error {
	return r.Register(TSDemuxClass)
}
