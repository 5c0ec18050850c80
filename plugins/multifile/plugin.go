package multifile

import "github.com/gstmini/gstmini/gst"

// PluginInfo describes the multifile plugin.
//
// GStreamer: GST_PLUGIN_DEFINE of multifile (gst/multifile/gstmultifile.c).
var PluginInfo = &gst.PluginInfo{
	Name:        "multifile",
	Description: "Reads/Writes buffers from/to sequentially named files",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gst-plugins-good",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

// Register adds the elements of the multifile plugin (multifilesink) to
// r.
//
// GStreamer: plugin_init (gst/multifile/gstmultifile.c).
func Register(r *gst.Registry) error {
	return r.Register(MultiFileSinkClass)
}
