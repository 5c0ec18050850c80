package audioparsers

import "github.com/gstmini/gstmini/gst"

// audioparsersPlugin describes the plugin, as gst-inspect-1.0
// audioparsers does.
var audioparsersPlugin = &gst.PluginInfo{
	Name:        "audioparsers",
	Description: "Parsers for various audio formats",
	Version:     "1.22.0",
	License:     "LGPL",
	Source:      "gst-plugins-good",
	Package:     "GstMini",
	Origin:      "https://github.com/gstmini/gstmini",
}

// Register adds the elements of the audioparsers plugin (aacparse) to r.
//
// GStreamer: plugin_init (gst/audioparsers/plugin.c, gst-plugins-good).
func Register(r *gst.Registry) error {
	return r.Register(AACParseClass)
}
