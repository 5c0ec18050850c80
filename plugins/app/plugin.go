package app

import "github.com/gstmini/gstmini/gst"

// PluginInfo describes the "app" plugin, as gst-inspect-1.0 shows it.
//
// GStreamer: plugin_init and GST_PLUGIN_DEFINE (gst/app/gstapp.c, gst-plugins-base).
var PluginInfo = &gst.PluginInfo{
	Name:        "app",
	Description: "Elements used to communicate with applications",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gst-plugins-base",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

// Register adds appsrc and appsink to r. It fails, registering neither,
// when one of the names is taken.
//
// GStreamer: plugin_init (gst/app/gstapp.c, gst-plugins-base).
func Register(r *gst.Registry) error {
	return r.Register(AppSrcClass, AppSinkClass)
}
