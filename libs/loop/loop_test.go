package loop_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/libs/loop"
	"github.com/gstmini/gstmini/plugins/all"
)

func register(t *testing.T) {
	t.Helper()
	if err := all.Register(gst.DefaultRegistry()); err != nil {
		t.Fatal(err)
	}
}

// observer records, at a sink pad, the running time of every buffer (from
// the last segment seen), the segments and any flush events.
type observer struct {
	mu       sync.Mutex
	seg      gst.Segment
	rts      []gst.ClockTime
	durs     []gst.ClockTime
	segments []gst.Segment
	flushes  int
}

func observe(t *testing.T, pad *gst.Pad) *observer {
	t.Helper()
	o := &observer{}
	o.seg.Init(gst.FormatTime)
	pad.AddProbe(gst.ProbeTypeBuffer|gst.ProbeTypeEventDownstream|gst.ProbeTypeEventFlush,
		func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
			o.mu.Lock()
			defer o.mu.Unlock()
			if b := info.Buffer(); b != nil {
				rt := o.seg.ToRunningTime(gst.FormatTime, uint64(b.PTS))
				o.rts = append(o.rts, gst.ClockTime(rt))
				o.durs = append(o.durs, b.Duration)
				return gst.ProbeOK
			}
			switch e := info.Event().(type) {
			case *gst.SegmentEvent:
				o.seg = e.Segment
				o.segments = append(o.segments, e.Segment)
			case *gst.FlushStartEvent:
				o.flushes++
			case *gst.FlushStopEvent:
				o.flushes++
				// what came before a flush (the preroll) is not played
				o.rts, o.durs, o.segments = o.rts[:0], o.durs[:0], o.segments[:0]
			}
			return gst.ProbeOK
		})
	return o
}

func launch(t *testing.T, line string) *gst.Pipeline {
	t.Helper()
	register(t)
	el, err := gst.ParseLaunch(line)
	if err != nil {
		t.Fatalf("parse %q: %v", line, err)
	}
	p, ok := el.(*gst.Pipeline)
	if !ok {
		t.Fatalf("%q is a %T, not a pipeline", line, el)
	}
	return p
}

// check verifies running times strictly increase and that the gap at
// every loop point (between the last buffer of a play and the first of
// the next) is gap ±1 ms.
func (o *observer) check(t *testing.T, plays, perPlay int, gap gst.ClockTime) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.rts) != plays*perPlay {
		t.Errorf("%d buffers, want %d×%d", len(o.rts), plays, perPlay)
	}
	if o.flushes != 0 {
		t.Errorf("%d flush events reached the sink after the first segment", o.flushes)
	}
	for i := 1; i < len(o.rts); i++ {
		if o.rts[i] <= o.rts[i-1] {
			t.Fatalf("running time of buffer %d (%v) not after buffer %d (%v)", i, o.rts[i], i-1, o.rts[i-1])
		}
		if i%perPlay == 0 {
			got := o.rts[i] - o.rts[i-1]
			if got > gap+gst.Millisecond || got+gst.Millisecond < gap {
				t.Errorf("loop point %d: running-time gap %v, want %v ±1ms", i/perPlay, got, gap)
			}
		}
	}
}

// testdata/movie.mp4: 166 video frames at 30/1 (last PTS 5.5 s, video
// duration 5.5333 s), audio to 5.568 s (the movie's duration).
const (
	movieFrames   = 166
	movieFrame    = gst.ClockTime(time.Second / 30)
	movieVideoEnd = movieFrames * movieFrame
	movieDuration = 5568 * gst.Millisecond
)

// Three plays of the real qtdemux into an appsink: 3×166 video buffers,
// running time strictly increasing, no flush after the first seek, and at
// each loop point a gap of (segment stop - last PTS): one frame when the
// loop ends at the end of the video, and 68 ms when it ends at the end of
// the (longer) audio track, as GStreamer's qtdemux does (the position is
// moved to the segment stop on SEGMENT_DONE, so the next base includes the
// last packet's duration).
func TestRunQTDemuxThreePlays(t *testing.T) {
	for _, tc := range []struct {
		name string
		stop gst.ClockTime
		gap  gst.ClockTime
	}{
		{"stop=video-end", movieVideoEnd, movieFrame},
		{"stop=end", 0, movieDuration - (movieFrames-1)*movieFrame},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := launch(t, "filesrc location=../../testdata/movie.mp4 ! qtdemux name=d d.video_0 ! "+
				"appsink name=v sync=false drop=true max-buffers=1 wait-on-eos=false")
			o := observe(t, p.ByName("v").StaticPad("sink"))
			o.mu.Lock()
			o.flushes = -2 // the first, flushing seek (in PAUSED) sends one FLUSH_START/STOP pair
			o.mu.Unlock()
			var loops []int
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			err := loop.Run(ctx, p, loop.Options{Count: 3, Stop: tc.stop, OnLoop: func(n int) { loops = append(loops, n) }})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(loops) != 2 || loops[0] != 1 || loops[1] != 2 {
				t.Errorf("OnLoop calls %v, want [1 2]", loops)
			}
			o.check(t, 3, movieFrames, tc.gap)
			o.mu.Lock()
			defer o.mu.Unlock()
			if len(o.segments) != 3 {
				t.Errorf("%d segments reached the sink, want 3 (one per play)", len(o.segments))
			}
			for i, seg := range o.segments[1:] {
				if seg.Flags&gst.SegmentFlagReset != 0 {
					t.Errorf("segment %d after a loop point has the RESET flag", i+1)
				}
			}
		})
	}
}
