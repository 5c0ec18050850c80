package isomp4

import (
	"bytes"
	"testing"

	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/gst"
)

// qtAllKeyMovie is testdata/movie.mp4 with its stss renamed to free:
// every video sample is a keyframe (the file keeps its size).
func qtAllKeyMovie(t *testing.T) []byte {
	t.Helper()
	m := readMovie(t)
	if bytes.Count(m, []byte("stss")) != 1 {
		t.Fatal("movie.mp4 should have one stss")
	}
	return bytes.Replace(m, []byte("stss"), []byte("free"), 1)
}

// qtAfterFlush returns the first SEGMENT event after the last
// FLUSH_STOP of events and how many FLUSH_START there were.
func qtAfterFlush(events []gst.Event) (seg *gst.SegmentEvent, flushes int) {
	for _, ev := range events {
		switch e := ev.(type) {
		case *gst.FlushStartEvent:
			flushes++
		case *gst.FlushStopEvent:
			seg = nil
		case *gst.SegmentEvent:
			if seg == nil {
				seg = e
			}
		}
	}
	return seg, flushes
}

// Push mode (upstream without pull, seekable in BYTES): a TIME seek
// becomes a BYTES seek upstream and the TIME segment of the seek. The
// expected values are GStreamer 1.22's, from a C program running
// "filesrc ! queue ! qtdemux name=d d.video_0 ! queue ! fakesink
// d.audio_0 ! queue ! fakesink" on the same file and sending the seek on
// video_0 in PAUSED, then the same seek event again.
func TestQTDemuxPushSeek(t *testing.T) {
	defer goleak.VerifyNone(t)
	cases := []struct {
		name                   string
		target                 int64
		flags                  gst.SeekFlags
		segStart               uint64
		firstVideo, firstAudio gst.ClockTime
	}{
		{"2s", 2000000000, gst.SeekFlagFlush, 2000000000, 2000000000, 1984000000},
		{"2s-key-unit", 2000000000, gst.SeekFlagFlush | gst.SeekFlagKeyUnit, 1984000000, 2000000000, 1984000000},
		{"4.1s", 4100000000, gst.SeekFlagFlush, 4100000000, 4100000000, 4032000000},
		{"4.1s-key-unit", 4100000000, gst.SeekFlagFlush | gst.SeekFlagKeyUnit, 4096000000, 4100000000, 4032000000},
	}
	data := qtAllKeyMovie(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := startQT(t, data, false, true)
			r.wait()
			for _, name := range []string{"video_0", "audio_0"} {
				r.track(name).rearm()
			}
			pad := r.demux.StaticPad("video_0")
			q := gst.NewSeekingQuery(gst.FormatTime)
			if !pad.Query(q) || !q.Seekable {
				t.Errorf("push mode with a BYTES-seekable upstream: SEEKING says not seekable")
			}
			seek := gst.NewSeekEvent(1.0, gst.FormatTime, c.flags, gst.SeekTypeSet, c.target, gst.SeekTypeNone, -1)
			if !pad.SendEvent(seek) {
				t.Fatal("seek failed")
			}
			r.wait()
			// the same seek again (as from a second sink): dropped, handled
			if !pad.SendEvent(seek) {
				t.Error("duplicate seek refused, want handled")
			}
			for _, w := range []struct {
				pad   string
				first gst.ClockTime
				stop  uint64
			}{{"video_0", c.firstVideo, 5533333333}, {"audio_0", c.firstAudio, 5568000000}} {
				bufs, events := r.track(w.pad).snapshot()
				seg, flushes := qtAfterFlush(events)
				if flushes != 1 {
					t.Errorf("%s: %d FLUSH_START, want 1 (the duplicate seek must not flush)", w.pad, flushes)
				}
				if seg == nil {
					t.Fatalf("%s: no segment after the seek: %v", w.pad, events)
				}
				sg := seg.Segment
				if sg.Start != c.segStart || sg.Time != c.segStart || sg.Position != c.segStart || sg.Stop != w.stop || sg.Base != 0 || sg.Rate != 1 {
					t.Errorf("%s: segment %s, want start=time=position %d stop %d base 0", w.pad, sg.String(), c.segStart, w.stop)
				}
				if seg.Seqnum() != seek.Seqnum() {
					t.Errorf("%s: segment seqnum %d, want the seek's %d", w.pad, seg.Seqnum(), seek.Seqnum())
				}
				if len(bufs) == 0 {
					t.Fatalf("%s: no buffers after the seek", w.pad)
				}
				if bufs[0].pts != w.first || bufs[0].flags&gst.BufferFlagDiscont == 0 || bufs[0].flags&gst.BufferFlagDeltaUnit != 0 {
					t.Errorf("%s: first buffer pts %d flags %v, want pts %d DISCONT keyframe", w.pad, bufs[0].pts, bufs[0].flags, w.first)
				}
			}
		})
	}
}

// A seek whose seqnum is the last handled seek's is dropped (reported
// handled) in pull mode too.
func TestQTDemuxDuplicateSeek(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := startQT(t, readMovie(t), true, true)
	r.wait()
	for _, name := range []string{"video_0", "audio_0"} {
		r.track(name).rearm()
	}
	seek := gst.NewSeekEvent(1.0, gst.FormatTime, gst.SeekFlagFlush, gst.SeekTypeSet, 3000000000, gst.SeekTypeNone, -1)
	vpad, apad := r.demux.StaticPad("video_0"), r.demux.StaticPad("audio_0")
	if !vpad.SendEvent(seek) {
		t.Fatal("seek failed")
	}
	r.wait()
	vb, _ := r.track("video_0").snapshot()
	// the same seek reaching the demuxer through the audio pad
	if !apad.SendEvent(gst.CopyEvent(seek)) || !r.demux.SendEvent(seek) {
		t.Error("duplicate seek refused, want handled")
	}
	vb2, vev := r.track("video_0").snapshot()
	if _, flushes := qtAfterFlush(vev); flushes != 1 || len(vb2) != len(vb) {
		t.Errorf("duplicate seeks: %d FLUSH_START and %d→%d buffers, want 1 and no new data", flushes, len(vb), len(vb2))
	}
	// a new seek (new seqnum) is performed
	r.track("video_0").rearm()
	r.track("audio_0").rearm()
	if !r.demux.SeekSimple(gst.FormatTime, gst.SeekFlagFlush, 1000000000) {
		t.Fatal("second seek failed")
	}
	r.wait()
	if _, vev := r.track("video_0").snapshot(); len(vev) == 0 {
		t.Error("no events after a new seek")
	}
	// BYTES seeks from downstream are refused
	if vpad.SendEvent(gst.NewSeekEvent(1.0, gst.FormatBytes, gst.SeekFlagFlush, gst.SeekTypeSet, 0, gst.SeekTypeNone, -1)) {
		t.Error("BYTES seek accepted")
	}
	r.p.SetState(gst.StateNull)
}
