// Package base holds GStreamer's base classes for elements: Src and PushSrc
// for sources, Sink for sinks.
//
// An element embeds a base struct (base.Src, base.PushSrc or base.Sink) and
// implements the base's virtual methods as ordinary methods on its own type:
// a PushSrc element defines Create or Fill, a Sink element defines Render.
// The base finds the methods once, in Constructed, by interface assertion on
// the outermost element value (ElementBase.Impl), and always calls them
// through that value, so overrides are honoured. Optional methods have
// defaults on the base struct; an override chains up by calling the
// embedded method (s.Sink.Event(ev)).
//
// The base classes own the pads, the streaming task, state changes,
// segments, negotiation, preroll and clock synchronisation:
//
//	PushSrc.Create ─▶ Src loop (task) ─▶ src pad ═▶ sink pad ─▶ Sink chain
//	                  STREAM_START, CAPS,          preroll, ASYNC commit,
//	                  SEGMENT, EOS, seeks          clock sync, Render, EOS
//
// Blocking virtual methods receive a context.Context that is cancelled
// exactly where GStreamer calls the unlock vfunc (flush start, PAUSED→READY).
//
// GStreamer: libs/gst/base (gstbasesrc.c, gstpushsrc.c, gstbasesink.c).
package base
