package coreelements

import (
	"testing"

	"github.com/gstmini/gstmini/gst"
	"github.com/gstmini/gstmini/gsttest"
)

// GStreamer: test_valve_basic (tests/check/elements/valve.c).
func TestValveBasic(t *testing.T) {
	queueRegisterDefault(t)
	h := gsttest.New(t, "valve")
	h.SetSrcCapsString("mycaps")
	h.Set("drop", false)
	for i := 0; i < 2; i++ {
		if err := h.Push(gst.NewBuffer()); err != nil {
			t.Fatal(err)
		}
	}
	if n := h.BuffersReceived(); n != 2 {
		t.Fatalf("received %d buffers, want 2", n)
	}
	h.Set("drop", true)
	if n := h.EventsReceived(); n != 3 {
		t.Fatalf("received %d events, want 3", n)
	}
	for i := 0; i < 2; i++ {
		if err := h.Push(gst.NewBuffer()); err != nil {
			t.Fatal(err)
		}
	}
	if n := h.BuffersReceived(); n != 2 {
		t.Fatalf("received %d buffers while dropping, want 2", n)
	}
}

// GStreamer: test_valve_upstream_events_dont_send_sticky (tests/check/elements/valve.c).
func TestValveUpstreamEventsDontSendSticky(t *testing.T) {
	queueRegisterDefault(t)
	// drop before the harness sends stream-start: GstHarness's stream-start
	// stays pending until the first caps, so it is dropped too
	el := valveNew(t)
	if err := el.Set("drop", true); err != nil {
		t.Fatal(err)
	}
	h := gsttest.NewWithElement(t, el, "sink", "src")
	h.SetSrcCapsString("mycaps")
	if n := h.EventsReceived(); n != 0 {
		t.Fatalf("%d events went through a closed valve", n)
	}
	h.Set("drop", false)
	h.PushUpstreamEvent(gst.NewReconfigureEvent())
	if n := h.EventsReceived(); n != 0 {
		t.Fatalf("an upstream event released %d sticky events", n)
	}
	if err := h.Push(gst.NewBuffer()); err != nil {
		t.Fatal(err)
	}
	if n := h.EventsReceived(); n != 3 {
		t.Fatalf("received %d events after reopening, want 3 (replayed sticky events)", n)
	}
}

// The drop modes: what leaves a closed valve for a buffer, a sticky event
// and a non-sticky event.
func TestValveDropModes(t *testing.T) {
	queueRegisterDefault(t)
	for _, tc := range []struct {
		mode                  string
		wantGap, wantSegment  bool
		wantCustom            bool
		wantDiscontAfterClose bool
	}{
		{"drop-all", false, false, false, true},
		{"forward-sticky-events", false, true, false, true},
		{"transform-to-gap", true, true, false, true},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			el := valveNew(t)
			if err := el.SetString("drop-mode", tc.mode); err != nil {
				t.Fatal(err)
			}
			h := gsttest.NewWithElement(t, el, "sink", "src")
			h.SetSrcCapsString("mycaps")
			for h.EventsInQueue() > 0 {
				h.PullEvent()
			}
			h.Set("drop", true)
			b := gst.NewBuffer()
			b.PTS, b.Duration = gst.Second, gst.Second
			if err := h.Push(b); err != nil {
				t.Fatal(err)
			}
			gotGap := false
			if ev, ok := h.TryPullEvent(); ok {
				g, isGap := ev.(*gst.GapEvent)
				gotGap = isGap && g.Timestamp == gst.Second && g.Duration == gst.Second
			}
			if gotGap != tc.wantGap {
				t.Errorf("gap for dropped buffer: %v, want %v", gotGap, tc.wantGap)
			}
			seg := gst.NewSegment(gst.FormatTime)
			seg.Base = 5
			h.PushEvent(gst.NewSegmentEvent(seg))
			_, gotSeg := h.TryPullEvent()
			if gotSeg != tc.wantSegment {
				t.Errorf("segment forwarded: %v, want %v", gotSeg, tc.wantSegment)
			}
			if h.BuffersReceived() != 0 {
				t.Fatal("a buffer went through a closed valve")
			}
			h.Set("drop", false)
			if err := h.Push(gst.NewBuffer()); err != nil {
				t.Fatal(err)
			}
			out := h.Pull()
			if !out.HasFlags(gst.BufferFlagDiscont) {
				t.Error("first buffer after reopening is not DISCONT")
			}
			// the segment reached downstream (forwarded or replayed)
			var last *gst.SegmentEvent
			for h.EventsInQueue() > 0 {
				if s, ok := h.PullEvent().(*gst.SegmentEvent); ok {
					last = s
				}
			}
			if !tc.wantSegment && (last == nil || last.Segment.Base != 5) {
				t.Error("dropped segment not replayed on reopening")
			}
		})
	}
}

func TestValveQueryWhileDropping(t *testing.T) {
	queueRegisterDefault(t)
	h := gsttest.New(t, "valve")
	h.Set("drop", true)
	if h.Element().StaticPad("sink").Query(gst.NewDrainQuery()) {
		t.Error("serialized query answered while dropping")
	}
	h.Set("drop", false)
	if !h.Element().StaticPad("sink").Query(gst.NewDrainQuery()) {
		t.Error("serialized query failed while open")
	}
}

func valveNew(t *testing.T) *Valve {
	t.Helper()
	el, err := ValveClass.Create("")
	if err != nil {
		t.Fatal(err)
	}
	return el.(*Valve)
}
