// Package coreelements holds GStreamer's core elements (the
// "coreelements" plugin): sources, sinks and stream plumbing such as
// filesrc, filesink, fdsrc, fdsink, input-selector and output-selector.
// Register them with Register:
//
//	if err := coreelements.Register(gst.DefaultRegistry()); err != nil { ... }
//
// GStreamer: the coreelements plugin (plugins/elements/gstelements.c).
package coreelements
