package gst

// Sample is a buffer (or buffer list) together with the caps and segment it
// was received with, plus optional extra information. Appsink hands samples
// to applications and sinks expose their last one as "last-sample". A
// Sample does not own more than the references it was given: the receiver
// calls Buffer.Unref when done with the buffer. Not safe for concurrent
// mutation; treat a received Sample as read-only.
//
// GStreamer: GstSample (gst/gstsample.h).
type Sample struct {
	// Buffer is the sample's buffer, nil when the sample carries a list.
	Buffer *Buffer
	// BufferList is the sample's buffer list, nil when it carries a buffer.
	BufferList *BufferList
	// Caps are the caps the buffer was negotiated with, nil if unknown.
	Caps *Caps
	// Segment is the segment the buffer belongs to.
	Segment Segment
	// Info is optional extra information, nil if none.
	Info *Structure
}

// NewSample returns a sample of buf with caps, segment and info. The sample
// takes the caller's reference to buf; caps and info may be nil.
//
// GStreamer: gst_sample_new (gst/gstsample.c).
func NewSample(buf *Buffer, caps *Caps, segment *Segment, info *Structure) *Sample {
	s := &Sample{Buffer: buf, Caps: caps, Info: info}
	if segment != nil {
		s.Segment = *segment
	} else {
		s.Segment.Init(FormatTime)
	}
	return s
}
