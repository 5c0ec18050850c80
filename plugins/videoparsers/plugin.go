package videoparsers

import "github.com/gstmini/gstmini/gst"

// videoparsersPlugin describes the plugin, as gst-inspect-1.0
// videoparsersbad does.
var videoparsersPlugin = &gst.PluginInfo{
	Name:        "videoparsersbad",
	Description: "videoparsers",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gst-plugins-bad",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

// Register adds the elements of the videoparsersbad plugin (h264parse) to
// r.
//
// GStreamer: plugin_init (gst/videoparsers/plugin.c, gst-plugins-bad).
func Register(r *gst.Registry) error {
	return r.Register(H264ParseClass)
}
