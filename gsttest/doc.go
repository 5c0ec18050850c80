// Package gsttest helps test elements: Harness pushes buffers and events
// into one element through floating pads and pulls what comes out, and
// CheckElement / CheckAllElements run conformance checks (state changes,
// property round trips) over registered factories.
//
// GStreamer: GstHarness and GstCheck (libs/gst/check/gstharness.c,
// libs/gst/check/gstcheck.c).
package gsttest
