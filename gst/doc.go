// Package gst is GstMini's core: GStreamer's object model in pure Go.
//
// A pipeline is a Bin of Elements whose Pads are linked source to sink.
// Buffers flow downstream with Pad.Push, which calls the peer's chain
// function in the pushing goroutine; events (Event) travel with the data
// (serialized ones in order, sticky ones stored on pads and resent before the
// next data) or against it (seeks, QoS); queries (Query) ask peers for caps,
// position, latency. Elements change state NULL→READY→PAUSED→PLAYING one step
// at a time; sinks preroll in PAUSED (an ASYNC state change) and synchronise
// on the pipeline's Clock in PLAYING using the running time computed from the
// Segment. Elements post Messages on the pipeline's Bus.
//
// The names mirror GStreamer's C API without the gst_ prefix and without get_
// (gst_pad_push → Pad.Push, gst_element_get_state → Element.State), and
// every exported symbol names its C counterpart in a "GStreamer:" line, so the
// code reads beside GStreamer's own. Data-path functions return a Go error
// where GStreamer returns a GstFlowReturn: nil is GST_FLOW_OK and ErrEOS,
// ErrFlushing, ErrNotLinked, ErrNotNegotiated are the sentinels.
//
// GStreamer: the SECTION blocks of gst/gstpad.c, gst/gstelement.c, gst/gstbin.c.
package gst
