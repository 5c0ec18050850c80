package mpegtsmux

import "github.com/gstmini/gstmini/gst"

// Register adds the elements of the mpegtsmux plugin (mpegtsmux) to r.
//
// GStreamer: plugin_init (gst/mpegtsmux/gstmpegtsmuxplugin.c, gst-plugins-bad).
func Register(r *gst.Registry) error {
	return r.Register(MpegTSMuxClass)
}
