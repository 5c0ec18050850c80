package isomp4

import (
	"github.com/gstmini/gstmini/gst"
)

// doPushSeek turns a TIME seek into a BYTES seek upstream: to the lowest
// offset of the keyframes before the requested start, with the seek's
// seqnum and flags and no stop. The TIME start (the keyframe's time with
// KEY_UNIT) and stop are kept for the BYTES segment that upstream sends
// back. Only forward rates and TIME seeks with a start are handled.
//
// GStreamer: gst_qtdemux_do_push_seek (gst/isomp4/qtdemux.c).
func (d *QTDemux) doPushSeek(ev *gst.SeekEvent) bool {
	if ev.Rate <= 0 || ev.Format != gst.FormatTime || ev.Flags&gst.SeekFlagInstantRateChange != 0 {
		return false
	}
	if ev.StartType != gst.SeekTypeSet || ev.Start < 0 {
		return false
	}
	cur := gst.ClockTime(ev.Start)
	keyTime, byteOffset := d.adjustSeek(cur, false)
	if byteOffset < 0 {
		return false // no byte position for the time: seek aborted
	}
	seqnum := ev.Seqnum()
	d.mu.Lock()
	d.pushSeekOffset = byteOffset
	d.pushSeekStart = uint64(cur)
	if ev.Flags&gst.SeekFlagKeyUnit != 0 {
		d.pushSeekStart = uint64(keyTime)
	}
	if ev.StopType == gst.SeekTypeNone || ev.Stop < 0 {
		d.pushSeekStop = d.segment.Stop
	} else {
		d.pushSeekStop = uint64(ev.Stop)
	}
	d.segSeqnum = seqnum
	d.mu.Unlock()
	bytesSeek := gst.NewSeekEvent(ev.Rate, gst.FormatBytes, ev.Flags, ev.StartType, byteOffset, ev.StopType, -1)
	bytesSeek.SetSeqnum(seqnum)
	return d.sinkpad.PushEvent(bytesSeek)
}

// findSample moves every stream (with set) to its first sample at or
// after bytePos (fw) or ending at or before it (!fw), or past its end
// when there is none, and returns the earliest (fw; latest for !fw)
// presentation time of those samples, -1 when there is none.
//
// GStreamer: gst_qtdemux_find_sample (gst/isomp4/qtdemux.c).
func (d *QTDemux) findSample(bytePos uint64, fw, set bool) int64 {
	d.mu.Lock()
	streams := d.streams
	d.mu.Unlock()
	minTime := int64(-1)
	for _, s := range streams {
		found := false
		n := len(s.samples)
		for k := range n {
			i := k
			if !fw {
				i = n - 1 - k
			}
			smp := &s.samples[i]
			if smp.size == 0 {
				continue
			}
			if fw && smp.offset < bytePos {
				continue
			}
			if !fw && smp.offset+uint64(smp.size) > bytePos {
				continue
			}
			if set {
				d.moveStream(s, i)
			}
			found = true
			if t := int64(s.samplePTS(i)); minTime == -1 || (fw && t < minTime) || (!fw && t > minTime) {
				minTime = t
			}
			break
		}
		if set && !found {
			d.moveStream(s, n)
		}
	}
	return minTime
}

// pushSegmentFromBytes takes the BYTES segment upstream sends while the
// movie plays (after a seek): the one answering doPushSeek becomes the
// seek's TIME segment, any other is converted with the sample offsets.
// The streams move to the first sample at the segment's start and the
// segment is mapped to them before the next sample.
//
// GStreamer: gst_qtdemux_handle_sink_event (GST_EVENT_SEGMENT, push mode) (gst/isomp4/qtdemux.c).
func (d *QTDemux) pushSegmentFromBytes(bseg *gst.Segment) {
	seg := *bseg
	offset := seg.Start
	d.mu.Lock()
	matched := d.pushSeekOffset >= 0 && uint64(d.pushSeekOffset) == seg.Start
	if matched {
		seg.Start, seg.Stop = d.pushSeekStart, d.pushSeekStop
	}
	d.mu.Unlock()
	if !matched {
		if seg.Start != qtdemuxNone {
			seg.Start = uint64(max(d.findSample(seg.Start, true, false), 0))
		}
		if seg.Stop != qtdemuxNone {
			seg.Stop = uint64(max(d.findSample(seg.Stop, false, false), 0))
			seg.Stop = max(seg.Stop, seg.Start)
		}
	}
	d.mu.Lock()
	seg.Format = gst.FormatTime
	seg.Position, seg.Time = seg.Start, seg.Start
	seg.Duration = d.segment.Duration
	seg.Base = d.segment.ToRunningTime(gst.FormatTime, d.segment.Position)
	if seg.Base == qtdemuxNone {
		seg.Base = 0
	}
	d.segment = seg
	d.mu.Unlock()
	d.needSegment = true
	d.offset = offset
	d.findSample(offset, true, true)
}

// flushStopReset is the soft reset of a FLUSH_STOP in push mode while
// the movie plays: a fresh segment (the duration kept), streams at time
// 0, and segments to send again before the next sample.
//
// GStreamer: gst_qtdemux_reset (gst/isomp4/qtdemux.c) with hard = FALSE.
func (d *QTDemux) flushStopReset() {
	d.mu.Lock()
	dur := d.segment.Duration
	d.segment.Init(gst.FormatTime)
	d.segment.Duration = dur
	streams := d.streams
	d.mu.Unlock()
	for _, s := range streams {
		s.timePosition = 0
		s.accumulatedBase = 0
	}
	d.needSegment = true
}

// mapAndPushSegments sends d.segment on every stream: each stream's edit
// list segment at the segment start is activated (and pushed); empty
// edits before it give a GAP.
//
// GStreamer: gst_qtdemux_check_send_pending_segment and
// gst_qtdemux_map_and_push_segments (gst/isomp4/qtdemux.c).
func (d *QTDemux) mapAndPushSegments() {
	d.needSegment = false
	d.mu.Lock()
	start := gst.ClockTime(d.segment.Start)
	streams := d.streams
	d.mu.Unlock()
	for _, s := range streams {
		s.timePosition = start
		for i := range s.segments {
			seg := &s.segments[i]
			if seg.stopTime <= start {
				continue
			}
			d.activateSegment(s, i, s.timePosition)
			if !seg.empty() {
				break
			}
			// the empty edit: a gap, then on to the next edit
			pos := s.timePosition
			dur := seg.duration - (pos - seg.time)
			s.timePosition += dur
			if dur >= gst.Second && s.pad != nil {
				s.pad.PushEvent(gst.NewGapEvent(pos, dur))
			}
			if s.segment.Stop != qtdemuxNone && s.segment.Rate != 0 {
				r := max(s.segment.Rate, -s.segment.Rate)
				s.accumulatedBase += uint64(float64(s.segment.Stop-s.segment.Start) / r)
			}
		}
	}
}
