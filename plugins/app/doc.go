// Package app holds the elements that connect a pipeline to application
// code: appsrc, through which the application feeds buffers into a
// pipeline, and appsink, through which it takes them out.
//
//	app code ──PushBuffer──▶ [appsrc queue] ──▶ … pipeline … ──▶ [appsink queue] ──PullSample──▶ app code
//
// Both elements keep an internal queue between the application and the
// streaming thread. AppSrc's queue is bounded by max-bytes (200000 by
// default), max-buffers and max-time; when it is full, PushBuffer either
// keeps queueing (block=false, the default), waits (block=true) or drops
// (leaky-type). The streaming thread asks for more with need-data. AppSink
// queues every rendered buffer (max-buffers=0, unlimited, by default) until
// the application pulls it with PullSample, TryPullSample or the Samples
// channel; with max-buffers set, rendering blocks while the queue is full
// (drop=false) or drops the oldest sample (drop=true).
//
// Signals of the C elements become typed Go API: action signals are
// methods (PushBuffer, EndOfStream, PullSample), notification signals are
// callbacks (SetCallbacks) or handlers (ConnectNeedData, ConnectNewSample),
// flow returns are errors (nil, gst.ErrFlushing, gst.ErrEOS).
//
// Call Register to add both factories to a registry, or create them
// directly with NewAppSrc and NewAppSink.
//
// GStreamer: the app library and plugin (gst-libs/gst/app and gst/app, gst-plugins-base).
package app
