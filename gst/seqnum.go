package gst

import "sync/atomic"

// SeqnumInvalid is the sequence number that no event or message ever gets
// from SeqnumNext. Use it to mean "no seqnum".
//
// GStreamer: GST_SEQNUM_INVALID (gst/gstutils.h).
const SeqnumInvalid uint32 = 0

// GroupIDInvalid is the group id that GroupIDNext never returns.
//
// GStreamer: GST_GROUP_ID_INVALID (gst/gstutils.h).
const GroupIDInvalid uint32 = 0

var (
	seqnumCounter  atomic.Uint32
	groupIDCounter atomic.Uint32
)

// SeqnumNext returns a new sequence number. Sequence numbers increase by one
// on each call and wrap around at 2^32, skipping SeqnumInvalid (0). Events and
// messages that belong together (a seek and the flushes, segment and
// messages it causes) share one seqnum. Safe for concurrent use.
//
// GStreamer: gst_util_seqnum_next (gst/gstutils.c).
func SeqnumNext() uint32 {
	for {
		if s := seqnumCounter.Add(1); s != SeqnumInvalid {
			return s
		}
	}
}

// SeqnumCompare compares two sequence numbers while handling wraparound: it
// returns a negative number if s1 comes before s2, 0 if they are equal and a
// positive number if s1 comes after s2.
//
// GStreamer: gst_util_seqnum_compare (gst/gstutils.c).
func SeqnumCompare(s1, s2 uint32) int32 {
	return int32(s1 - s2)
}

// GroupIDNext returns a new group id for STREAM_START events: stream-start
// events of streams that belong together (the outputs of one demuxer) carry
// the same group id. It never returns GroupIDInvalid. Safe for concurrent use.
//
// GStreamer: gst_util_group_id_next (gst/gstutils.c).
func GroupIDNext() uint32 {
	for {
		if g := groupIDCounter.Add(1); g != GroupIDInvalid {
			return g
		}
	}
}
