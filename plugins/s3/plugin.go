package s3

import "github.com/gstmini/gstmini/gst"

// PluginInfo describes the plugin, as gst-inspect-1.0 shows
// gst-plugins-rs' aws plugin.
//
// GStreamer: gst::plugin_define!(aws, ...) (gst-plugins-rs net/aws/src/lib.rs).
var PluginInfo = &gst.PluginInfo{
	Name:        "aws",
	Description: "GStreamer Amazon Web Services plugin",
	Version:     "1.22.0",
	License:     "MPL",
	Source:      "gst-plugin-aws",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

// Register adds the elements of the plugin (s3sink) to r. It fails when
// the name is already registered.
//
// GStreamer: plugin_init (gst-plugins-rs net/aws/src/lib.rs).
func Register(r *gst.Registry) error {
	return r.Register(S3SinkClass)
}
