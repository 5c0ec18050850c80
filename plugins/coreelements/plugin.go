package coreelements

import "github.com/gstmini/gstmini/gst"

// Plugin describes the coreelements plugin.
//
// GStreamer: GST_PLUGIN_DEFINE in plugins/elements/gstelements.c.
var Plugin = &gst.PluginInfo{
	Name:        "coreelements",
	Description: "GStreamer core elements",
}

// Register adds the plugin's element classes to r. It returns an error if
// one of them is already registered.
//
// GStreamer: plugin_init (plugins/elements/gstelements.c).
func Register(r *gst.Registry) error {
	return r.Register(QueueClass, TeeClass, ValveClass, FunnelClass)
}
