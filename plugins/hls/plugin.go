package hls

import "github.com/gstmini/gstmini/gst"

// PluginInfo describes the hls plugin.
//
// GStreamer: GST_PLUGIN_DEFINE of hls (ext/hls/gsthls.c).
var PluginInfo = &gst.PluginInfo{
	Name:        "hls",
	Description: "HTTP Live Streaming (HLS)",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gst-plugins-bad",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

// Register adds the elements of the hls plugin (hlssegmenter, hlssink)
// to r.
//
// GStreamer: plugin_init (ext/hls/gsthls.c).
func Register(r *gst.Registry) error {
	for _, c := range []*gst.ElementClass{HLSSegmenterClass, HLSSinkClass, HLSSink2Class} {
		if err := r.Register(c); err != nil {
			return err
		}
	}
	return nil
}
