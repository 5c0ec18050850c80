package base_test

import (
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gstmini/gstmini/gst"
)

// A lone sink set straight to PLAYING commits its ASYNC state change when
// the first buffer prerolls. gst_base_sink_commit_state posts
// STATE_CHANGED (READY→PAUSED, pending PLAYING), ASYNC_DONE, then
// STATE_CHANGED (PAUSED→PLAYING) and LATENCY.
func TestSinkAloneCommitMessageOrder(t *testing.T) {
	defer goleak.VerifyNone(t)
	sink := newElement[*countSink](t, countSinkClass, "sink")
	bus := gst.NewBus()
	sink.SetBus(bus)
	src := gst.NewPad("src", gst.PadSrc)
	if src.Link(sink.SinkPad()) != gst.PadLinkOK {
		t.Fatal("link")
	}
	if r := sink.SetState(gst.StatePlaying); r != gst.StateChangeAsync {
		t.Fatalf("PLAYING = %v, want ASYNC", r)
	}
	src.SetActive(true)
	src.PushEvent(gst.NewStreamStartEvent("s"))
	src.PushEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	if err := src.Push(gst.NewBuffer()); err != nil {
		t.Fatal(err)
	}
	if r, cur, _ := sink.State(5 * gst.Second); r != gst.StateChangeSuccess || cur != gst.StatePlaying {
		t.Fatalf("state %v %v, want PLAYING", r, cur)
	}
	var got []string
	for {
		m := bus.Pop()
		if m == nil {
			break
		}
		switch m := m.(type) {
		case *gst.StateChangedMessage:
			got = append(got, fmt.Sprintf("state-changed %v→%v (%v)", m.Old, m.New, m.Pending))
		case *gst.AsyncStartMessage:
			got = append(got, "async-start")
		case *gst.AsyncDoneMessage:
			got = append(got, "async-done")
		case *gst.LatencyMessage:
			got = append(got, "latency")
		}
	}
	want := []string{
		fmt.Sprintf("state-changed %v→%v (%v)", gst.StateNull, gst.StateReady, gst.StatePlaying),
		"async-start",
		fmt.Sprintf("state-changed %v→%v (%v)", gst.StateReady, gst.StatePaused, gst.StatePlaying),
		"async-done",
		fmt.Sprintf("state-changed %v→%v (%v)", gst.StatePaused, gst.StatePlaying, gst.StateVoidPending),
		"latency",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("messages\n got  %q\n want %q", got, want)
	}
	sink.SetState(gst.StateNull)
	src.SetActive(false)
}

// gst_pipeline_change_state selects the clock on PAUSED→PLAYING (not while
// prerolling) and posts NEW_CLOCK before the pipeline reaches PLAYING; the
// sink posts LATENCY when it commits its preroll (gst-launch's "Redistribute
// latency..."). A second run with the same clock posts no NEW_CLOCK.
func TestPipelineNewClockOnPlaying(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, src, sink := newPipeline(t, true)
	if err := src.Set("num-buffers", 1); err != nil {
		t.Fatal(err)
	}
	drain := func() []gst.Message {
		var ms []gst.Message
		for m := p.Bus().Pop(); m != nil; m = p.Bus().Pop() {
			ms = append(ms, m)
		}
		return ms
	}
	for run := 0; run < 2; run++ {
		p.SetState(gst.StatePaused)
		if r, _, _ := p.State(5 * gst.Second); r != gst.StateChangeSuccess {
			t.Fatalf("run %d: preroll: %v", run, r)
		}
		sawLatency := false
		for _, m := range drain() {
			switch m := m.(type) {
			case *gst.NewClockMessage:
				t.Errorf("run %d: NEW_CLOCK posted in PAUSED", run)
			case *gst.LatencyMessage:
				if m.Src() == gst.Object(sink) {
					sawLatency = true
				}
			}
		}
		if !sawLatency {
			t.Errorf("run %d: no LATENCY message from the sink at preroll", run)
		}
		if sink.Clock() != nil && run == 0 {
			t.Errorf("sink has a clock before PLAYING")
		}
		p.SetState(gst.StatePlaying)
		if r, _, _ := p.State(5 * gst.Second); r != gst.StateChangeSuccess {
			t.Fatalf("run %d: PLAYING: %v", run, r)
		}
		newClock, playing := -1, -1
		for i, m := range drain() {
			switch m := m.(type) {
			case *gst.NewClockMessage:
				if newClock < 0 {
					newClock = i
				}
			case *gst.StateChangedMessage:
				if m.Src() == gst.Object(p) && m.New == gst.StatePlaying {
					playing = i
				}
			}
		}
		if run == 0 && (newClock < 0 || playing < 0 || newClock > playing) {
			t.Errorf("run 0: NEW_CLOCK at %d, pipeline PLAYING at %d: want NEW_CLOCK first", newClock, playing)
		}
		if run == 1 && newClock >= 0 {
			t.Errorf("run 1: NEW_CLOCK posted again for the same clock")
		}
		if sink.Clock() == nil || sink.Clock() != p.Clock() {
			t.Errorf("run %d: sink clock %v, pipeline clock %v", run, sink.Clock(), p.Clock())
		}
		stop(t, p)
	}
}

// A sink with async=false in PLAYING renders again right after a flush:
// the flush sets need_preroll, and the commit with nothing pending clears
// it again because the sink is PLAYING (gst_base_sink_commit_state's
// nothing_pending branch).
func TestSinkNoAsyncRendersAfterFlush(t *testing.T) {
	defer goleak.VerifyNone(t)
	sink := newElement[*countSink](t, countSinkClass, "sink")
	sink.Set("async", false)
	sink.SetBus(gst.NewBus())
	if r := sink.SetState(gst.StatePlaying); r != gst.StateChangeSuccess {
		t.Fatalf("PLAYING = %v", r)
	}
	pad := sink.SinkPad()
	pad.SendEvent(gst.NewStreamStartEvent("s"))
	pad.SendEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	push := func(ts gst.ClockTime) {
		t.Helper()
		done := make(chan error, 1)
		go func() {
			b := gst.NewBuffer()
			b.PTS = ts
			done <- pad.Chain(b)
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			pad.SendEvent(gst.NewFlushStartEvent()) // unblock it
			<-done
			t.Fatalf("buffer %v blocked in the sink", ts)
		}
	}
	push(0)
	pad.SendEvent(gst.NewFlushStartEvent())
	pad.SendEvent(gst.NewFlushStopEvent(true))
	pad.SendEvent(gst.NewSegmentEvent(gst.NewSegment(gst.FormatTime)))
	push(gst.Second)
	if got := sink.rendered(); len(got) != 2 {
		t.Errorf("rendered %v, want both buffers", got)
	}
	sink.SetState(gst.StateNull)
}
