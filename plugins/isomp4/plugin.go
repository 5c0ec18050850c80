package isomp4

import "github.com/gstmini/gstmini/gst"

// qtdemuxNone is GST_CLOCK_TIME_NONE as a segment field (uint64).
const qtdemuxNone = ^uint64(0)

// isomp4Plugin describes the plugin, as gst-inspect-1.0 isomp4 does.
var isomp4Plugin = &gst.PluginInfo{
	Name:        "isomp4",
	Description: "ISO base media file format support (mp4, 3gpp, qt, mj2)",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gst-plugins-good",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

// Register adds the elements of the isomp4 plugin (qtdemux, mp4mux) to r.
//
// GStreamer: plugin_init (gst/isomp4/isomp4-plugin.c).
func Register(r *gst.Registry) error {
	for _, c := range []*gst.ElementClass{QTDemuxClass, MP4MuxClass} {
		if err := r.Register(c); err != nil {
			return err
		}
	}
	return nil
}
