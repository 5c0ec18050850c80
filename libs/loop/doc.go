// Package loop plays a pipeline's media over and over without a gap and
// without re-encoding, the way GStreamer applications loop a file:
// segment seeks instead of EOS.
//
// A seek with the SEGMENT flag makes the demuxer (or a seekable source)
// end its segment with a SEGMENT_DONE message and event instead of EOS, so
// the sinks never see EOS and the pipeline keeps PLAYING. On every
// SEGMENT_DONE the application sends a NON-flushing segment seek back to
// the start: nothing is flushed, and the new segment's base is the running
// time reached so far, so running time keeps increasing across the loop
// point and downstream elements (parsers, muxers, payloaders, HLS
// segmenters) see one continuous stream. The very first seek, done in
// PAUSED, is flushing so that the segment flag applies from the start.
//
// Run does the whole dance on a pipeline built by the caller (for example
// with gst.ParseLaunch); Looper is the lower-level form for applications
// that read the bus themselves:
//
//	l := loop.Attach(p, loop.Options{Count: 3})
//	if err := l.Start(ctx); err != nil { ... }   // PAUSED + flushing segment seek
//	p.SetState(gst.StatePlaying)
//	for m := range p.Bus().Messages(ctx) {
//		if done, err := l.HandleMessage(m); done { ... }
//	}
//
// The seeks go to the pipeline, which hands them to every sink; each sink
// sends them upstream. The element that performs the seek must drop the
// copies it gets through other sinks (GStreamer's demuxers do so by seqnum).
//
// GStreamer has no such helper; this is the pattern of
// tests/check/pipelines/seek.c and of the segment-seek looping examples
// (gst_element_seek with GST_SEEK_FLAG_SEGMENT, on GST_MESSAGE_SEGMENT_DONE).
package loop
