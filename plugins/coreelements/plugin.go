package coreelements

import "github.com/gstmini/gstmini/gst"

// PluginInfo describes the coreelements plugin.
//
// GStreamer: GST_PLUGIN_DEFINE in plugins/elements/gstelements.c.
var PluginInfo = &gst.PluginInfo{
	Name:        "coreelements",
	Description: "GStreamer core elements",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gstreamer",
	Package:     "GStreamer source release",
	Origin:      "Unknown package origin",
}

// Classes returns the element classes of the plugin.
//
// GStreamer: none (Go-only helper).
func Classes() []*gst.ElementClass {
	return []*gst.ElementClass{
		FileSrcClass,
		FileSinkClass,
		FdSrcClass,
		FdSinkClass,
		InputSelectorClass,
	}
}

// Register registers every element of the plugin in r.
//
// GStreamer: plugin_init (plugins/elements/gstelements.c).
func Register(r *gst.Registry) error {
	cs := Classes()
	for _, c := range cs {
		if c.Plugin == nil {
			c.Plugin = PluginInfo
		}
	}
	return r.Register(cs...)
}
