package fmp4

import "github.com/gstmini/gstmini/gst"

// fmp4Plugin describes the plugin, as gst-inspect-1.0 fmp4 does.
var fmp4Plugin = &gst.PluginInfo{
	Name:        "fmp4",
	Description: "GStreamer Fragmented MP4 Plugin",
	Version:     "0.10.0",
	License:     "MPL",
	Source:      "gst-plugin-fmp4",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

// Register adds the elements of the fmp4 plugin (isofmp4mux, cmafmux) to r.
//
// GStreamer: plugin_init (mux/fmp4/src/lib.rs, gst-plugins-rs).
func Register(r *gst.Registry) error {
	for _, c := range []*gst.ElementClass{ISOFMP4MuxClass, CMAFMuxClass} {
		if err := r.Register(c); err != nil {
			return err
		}
	}
	return nil
}
