package coreelements

import "github.com/gstmini/gstmini/gst"

// PluginInfo describes the coreelements plugin, as gst-inspect-1.0 shows
// GStreamer's libgstcoreelements.
//
// GStreamer: GST_PLUGIN_DEFINE of coreelements (plugins/elements/gstelements.c).
var PluginInfo = &gst.PluginInfo{
	Name:        "coreelements",
	Description: "GStreamer core elements",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gstreamer",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

// Classes returns the element classes of the plugin: fakesrc, fakesink,
// identity, capsfilter, clocksync, queue, queue2, tee, valve, funnel, filesrc,
// filesink, fdsrc, fdsink, input-selector and output-selector.
//
// GStreamer: none (Go-only helper).
func Classes() []*gst.ElementClass {
	return []*gst.ElementClass{
		FakeSrcClass, FakeSinkClass, IdentityClass, CapsFilterClass, ClockSyncClass,
		QueueClass, Queue2Class, TeeClass, ValveClass, FunnelClass,
		FileSrcClass, FileSinkClass, FdSrcClass, FdSinkClass, InputSelectorClass,
		OutputSelectorClass,
	}
}

// Register adds the coreelements element classes (see Classes) to r,
// It fails, registering none, when
// one of the names is already registered.
//
// GStreamer: plugin_init (plugins/elements/gstelements.c).
func Register(r *gst.Registry) error {
	return r.Register(Classes()...)
}

// Plugin is PluginInfo under the name wt-coreb used.
//
// GStreamer: GST_PLUGIN_DEFINE in plugins/elements/gstelements.c.
var Plugin = PluginInfo
