// Package coreelements holds GStreamer's core elements: queue, tee, valve,
// funnel and the other generic elements of the coreelements plugin.
// Register adds them to a registry; each element's documentation names
// its GStreamer counterpart.
//
// GStreamer: plugins/elements (the coreelements plugin).
package coreelements
