// Package all registers every GstMini plugin in a registry, for the
// gstmini tool, tests and programs that want every element available by
// factory name (gst.MakeElement, gst.ParseLaunch):
//
//	if err := all.Register(gst.DefaultRegistry()); err != nil { ... }
//
// Importing this package pulls in every plugin and its dependencies;
// programs that need only a few elements should call the Register function
// of those plugins instead.
//
// GStreamer: none (Go-only helper; GStreamer loads plugins from disk into
// its registry, gst/gstregistry.c).
package all
